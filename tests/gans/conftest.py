"""The training engine's own steps for the family tests: the optimisers the loop builds, its freezing and
its `discriminator_step`/`generator_step`, on CPU in float32."""

from __future__ import annotations

import pytest
import torch

from calligan.config.train import TrainParams
from calligan.gans.latent import Latent
from calligan.train.runtime import resolve_runtime
from calligan.train.steps import build_optimizers, discriminator_step, generator_step, train_only

CPU = resolve_runtime(device="cpu", amp="off", channels_last=False)


class Engine:
    """One family trained as the loop trains it."""

    def __init__(self, family, params: TrainParams = TrainParams()) -> None:
        """params: the run's optimiser settings (by default the family's own)."""
        self.family = family
        self.opt_g, self.opt_d = build_optimizers(family, params, cuda=False)

    def discriminator_step(self, real: torch.Tensor, real_labels: torch.Tensor | None, latent: Latent) -> dict:
        """real_labels: the real batch's labels, handed to D only by a conditional family as in the loop."""
        family = self.family
        train_only(trainable=family.discriminator_parameters(), frozen=family.generator_parameters())
        labels = real_labels if family.spec.conditional else None
        return discriminator_step(family, self.opt_d, real=real, labels=labels, latent=latent, runtime=CPU)[1]

    def generator_step(self, latent: Latent) -> dict:
        family = self.family
        train_only(trainable=family.generator_parameters(), frozen=family.discriminator_parameters())
        return generator_step(family, self.opt_g, latent=latent, runtime=CPU)[1]


@pytest.fixture
def engine() -> type[Engine]:
    """`engine(family, params=TrainParams())`: its `discriminator_step(real, real_labels, latent)` and
    `generator_step(latent)` return the step's statistics."""
    return Engine

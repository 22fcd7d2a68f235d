"""The training engine for the family tests: the run's own TrainingStep, on CPU in float32."""

from __future__ import annotations

import pytest
import torch

from calligan.config.train import TrainParams
from calligan.gans.latent import Latent
from tests.engine import training_step


class Engine:
    """One family trained as the loop trains it."""

    def __init__(self, family, params: TrainParams = TrainParams()) -> None:
        """params: the run's optimiser settings (by default the family's own)."""
        self.step = training_step(family, params=params)

    def discriminator_step(self, real: torch.Tensor, real_labels: torch.Tensor | None, latent: Latent) -> dict:
        """real_labels: the real batch's labels, handed to D only by a conditional family as in the loop."""
        return self.step.update_discriminator(real, real_labels, latent)[1]

    def generator_step(self, latent: Latent) -> dict:
        return self.step.update_generator(latent)[1]


@pytest.fixture
def engine() -> type[Engine]:
    """`engine(family, params=TrainParams())`: its `discriminator_step(real, real_labels, latent)` and
    `generator_step(latent)` return the step's statistics."""
    return Engine

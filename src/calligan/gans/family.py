"""The interface every GAN family implements for the training engine (see the gan contract), and
the class attributes in which each family declares what it is."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch import nn

from calligan.gans.latent import Latent, sample_latent

if TYPE_CHECKING:  # spec.py validates against the families, so they may not import it at run time
    from calligan.config.train import TrainParams
    from calligan.gans.spec import ModelSpec

Stats = dict[str, torch.Tensor]
# critic(images, labels, **kwargs): D's output on T(images), T the run's augmentation. The training step
# builds it (calligan.train.steps.augmented_critic); losses score images through it and nothing else.
Critic = Callable[..., torch.Tensor]


@dataclass(frozen=True)
class LossSettings:
    """A family's loss settings; subclasses add one field per setting. The `train:` group owns the
    defaults, so `from_params` is the only way a setting reaches a family."""

    @classmethod
    def from_params(cls, params: TrainParams) -> LossSettings:
        return cls()


class GanFamily(ABC):
    """Owns G and D and their losses; the training step (calligan.train.steps) owns the fakes, the
    optimisers, freezing, n_critic, augmentation, AMP and DDP.

    The step may swap `generator`/`discriminator` for compiled or DDP-wrapped modules, so a family looks
    them up at call time.
    """

    name: str                  # `train.model` and ModelSpec.family; its key in registry.FAMILIES
    archs: tuple[str, ...]     # the network designs it builds (ModelSpec.arch); the first is the default
    takes_labels: bool = False  # has a class-conditional variant (labels into G, projection D)
    default_optimizer: dict    # e.g. {"name": "adam", "lr": 2e-4, "betas": (0.5, 0.999)}
    default_n_critic: int      # discriminator steps per generator step
    Settings: type[LossSettings] = LossSettings  # its loss settings, read from `train:`
    default_latent_dim: int = 100  # noise size
    # InfoGAN-style latent codes after the noise (see sample_latent); a family whose defaults are both 0 takes none.
    default_n_categorical: int = 0
    default_n_continuous: int = 0
    statistics: tuple[str, ...]  # its columns of log.csv: d_loss and g_loss (the training step logs the losses
    # it steps on) and every statistic its two losses return, ada_r_t among them (the step feeds it to ADA)
    progress: tuple[str, ...]    # the statistics the progress bar shows
    eager_discriminator: bool = False  # D's loss differentiates a gradient, which torch.compile cannot

    def __init__(self, spec: ModelSpec, settings: LossSettings):
        """settings: an instance of the family's `Settings` (registry.build_family reads it from `train:`)."""
        self.spec = spec
        self.settings = settings
        self.generator = self.build_generator(spec)
        self.discriminator = self.build_discriminator(spec)

    @classmethod
    @abstractmethod
    def build_generator(cls, spec: ModelSpec) -> nn.Module: ...

    @classmethod
    @abstractmethod
    def build_discriminator(cls, spec: ModelSpec) -> nn.Module: ...

    def generator_parameters(self) -> list[nn.Parameter]:
        return list(self.generator.parameters())

    def discriminator_parameters(self) -> list[nn.Parameter]:
        return list(self.discriminator.parameters())

    def sample_latent(
        self,
        batch: int,
        *,
        rng: torch.Generator | None = None,
        device: torch.device | str | None = None,
        labels: torch.Tensor | None = None,
    ) -> Latent:
        """`latent.sample_latent` of this family's spec (see there for the arguments)."""
        return sample_latent(self.spec, batch, rng=rng, device=device, labels=labels)

    @abstractmethod
    def discriminator_loss(self, critic: Critic, *, real: torch.Tensor, real_labels: torch.Tensor | None,
                           fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        """D's loss on a real batch and G's images of `latent`, and its statistics.

        real: [B, C, S, S] in [-1, 1]; real_labels: the real batch's labels for a conditional model, else
        None; fake: G(latent), made without a graph (D's step never reaches G).
        """

    @abstractmethod
    def generator_loss(self, critic: Critic, *, fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        """G's loss on its images `fake` = G(latent), made with a graph, scored through the frozen D."""

    def after_discriminator_step(self) -> None:
        """Hook run after each discriminator optimizer step (WGAN clips weights here)."""

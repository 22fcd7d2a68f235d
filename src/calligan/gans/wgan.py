"""WGAN (Arjovsky et al. 2017): Wasserstein loss, critic weights clipped to [-c, c] after each step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch import nn

from calligan.gans.dcgan import dcgan_discriminator, dcgan_generator
from calligan.gans.family import LossSettings, Stats
from calligan.gans.latent import Latent
from calligan.gans.wasserstein import WassersteinFamily

if TYPE_CHECKING:
    from calligan.config.train import TrainParams
    from calligan.gans.spec import ModelSpec


@dataclass(frozen=True)
class WganSettings(LossSettings):
    clip_value: float  # c: the critic's weights are kept in [-c, c] to bound its Lipschitz constant

    def __post_init__(self) -> None:
        if self.clip_value <= 0:
            raise ValueError(f"clip_value must be positive, got {self.clip_value}")

    @classmethod
    def from_params(cls, params: TrainParams) -> WganSettings:
        return cls(clip_value=params.clip_value)


class WganFamily(WassersteinFamily):
    name = "wgan"
    archs = ("dcgan",)
    default_optimizer = {"name": "rmsprop", "lr": 5e-5}  # momentum-free, as the paper found Adam unstable
    Settings = WganSettings
    settings: WganSettings

    @classmethod
    def build_generator(cls, spec: ModelSpec) -> nn.Module:
        return dcgan_generator(spec)

    @classmethod
    def build_discriminator(cls, spec: ModelSpec) -> nn.Module:
        return dcgan_discriminator(spec, norm="batch", wasserstein=True)

    def discriminator_loss(
        self, real: torch.Tensor, real_labels: torch.Tensor | None, latent: Latent
    ) -> tuple[torch.Tensor, Stats]:
        loss, _, stats = self.critic_terms(real, real_labels, latent)
        return loss, stats

    @torch.no_grad()
    def after_discriminator_step(self) -> None:
        # Two multi-tensor kernels on CUDA rather than one clamp launch per parameter.
        parameters = self.discriminator_parameters()
        torch._foreach_clamp_min_(parameters, -self.settings.clip_value)
        torch._foreach_clamp_max_(parameters, self.settings.clip_value)

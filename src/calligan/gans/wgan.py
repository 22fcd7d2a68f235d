"""WGAN (Arjovsky et al. 2017): Wasserstein loss, critic weights clipped to [-c, c] after each step."""

from __future__ import annotations

import torch
from torch import nn

from calligan.gans.dcgan import dcgan_discriminator, dcgan_generator
from calligan.gans.family import Stats
from calligan.gans.latent import Latent
from calligan.gans.registry import register
from calligan.gans.spec import ModelSpec
from calligan.gans.wasserstein import WassersteinFamily


@register("wgan")
class WganFamily(WassersteinFamily):
    default_optimizer = {"name": "rmsprop", "lr": 5e-5}  # momentum-free, as the paper found Adam unstable

    def __init__(self, spec: ModelSpec, *, clip_value: float = 0.01):
        """clip_value: c, the critic's weights are kept in [-c, c] to bound its Lipschitz constant."""
        super().__init__(spec)
        if clip_value <= 0:
            raise ValueError(f"clip_value must be positive, got {clip_value}")
        self.clip_value = clip_value

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
        return loss, {"d_loss": loss.detach(), **stats}

    @torch.no_grad()
    def after_discriminator_step(self) -> None:
        # Two multi-tensor kernels on CUDA rather than one clamp launch per parameter.
        parameters = self.discriminator_parameters()
        torch._foreach_clamp_min_(parameters, -self.clip_value)
        torch._foreach_clamp_max_(parameters, self.clip_value)

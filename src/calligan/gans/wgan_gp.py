"""WGAN-GP (Gulrajani et al. 2017): Wasserstein loss + gradient penalty; DCGAN or ResNet nets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch import nn

from calligan import losses
from calligan.gans.dcgan import dcgan_discriminator, dcgan_generator
from calligan.gans.family import LossSettings, Stats
from calligan.gans.latent import Latent
from calligan.gans.wasserstein import WassersteinFamily
from calligan.nn.resnet import ResNetDiscriminator, ResNetGenerator

if TYPE_CHECKING:
    from calligan.config.train import TrainParams
    from calligan.gans.spec import ModelSpec


@dataclass(frozen=True)
class WganGpSettings(LossSettings):
    gp_weight: float  # lambda: the weight of the gradient penalty

    @classmethod
    def from_params(cls, params: TrainParams) -> WganGpSettings:
        return cls(gp_weight=params.gp_weight)


class WganGpFamily(WassersteinFamily):
    name = "wgan-gp"
    archs = ("dcgan", "resnet")
    takes_labels = True
    default_optimizer = {"name": "adam", "lr": 1e-4, "betas": (0.0, 0.9)}  # floats: torch rejects (0, 0.9)
    Settings = WganGpSettings
    settings: WganGpSettings
    statistics = (*WassersteinFamily.statistics, "gradient_penalty")
    eager_discriminator = True  # the penalty's double backward

    @classmethod
    def build_generator(cls, spec: ModelSpec) -> nn.Module:
        if spec.arch == "dcgan":
            return dcgan_generator(spec)
        return ResNetGenerator(
            input_dim=spec.generator_input_dim, num_classes=spec.label_count, width=spec.width,
            channels=spec.channels, image_size=spec.image_size,
        )

    @classmethod
    def build_discriminator(cls, spec: ModelSpec) -> nn.Module:
        if spec.arch == "dcgan":
            return dcgan_discriminator(spec, norm="layer", wasserstein=True)
        return ResNetDiscriminator(
            num_classes=spec.label_count, width=spec.width, channels=spec.channels, image_size=spec.image_size
        )

    def discriminator_loss(
        self, real: torch.Tensor, real_labels: torch.Tensor | None, latent: Latent
    ) -> tuple[torch.Tensor, Stats]:
        critic_loss, fake, stats = self.critic_terms(real, real_labels, latent)
        # Interpolates carry the real labels: x_hat lies on the segment towards the real sample's class.
        # With augmentation the penalty follows DiffAugment's authors (their R1 in StyleGAN2): x_hat is
        # mixed from the images before T, and the gradient is taken of D(T(x_hat)) with respect to x_hat.
        penalty = losses.gradient_penalty(self.score, real, fake, labels=self.conditioning(real_labels))
        loss = critic_loss + self.settings.gp_weight * penalty
        return loss, {"d_loss": loss.detach(), "gradient_penalty": penalty.detach(), **stats}

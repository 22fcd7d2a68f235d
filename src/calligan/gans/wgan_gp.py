"""WGAN-GP (Gulrajani et al. 2017): Wasserstein loss + gradient penalty; DCGAN, ResNet, FastGAN or SNGAN nets.

FastGAN's critic (Liu et al. 2021) also reconstructs the real images it scores from its own features
(calligan.nn.fastgan); that pixel loss, weighted by `train.recon_weight`, joins the critic's loss.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch import nn

from calligan import losses
from calligan.gans.dcgan import dcgan_discriminator, dcgan_generator
from calligan.gans.family import LossSettings, Stats
from calligan.gans.hinge import sngan_discriminator, sngan_generator
from calligan.gans.latent import Latent
from calligan.gans.wasserstein import WassersteinFamily, critic_statistics
from calligan.nn.fastgan import FastGanDiscriminator, FastGanGenerator
from calligan.nn.init import dcgan_init, output_layer_init
from calligan.nn.resnet import ResNetDiscriminator, ResNetGenerator

if TYPE_CHECKING:
    from calligan.config.train import TrainParams
    from calligan.gans.spec import ModelSpec


@dataclass(frozen=True)
class WganGpSettings(LossSettings):
    gp_weight: float  # lambda: the weight of the gradient penalty
    recon_weight: float  # the weight of the critic's reconstruction loss (archs whose critic has decoders)

    @classmethod
    def from_params(cls, params: TrainParams) -> WganGpSettings:
        return cls(gp_weight=params.gp_weight, recon_weight=params.recon_weight)


RECONSTRUCTING = ("fastgan",)  # the archs whose critic has decoders (forward takes with_recon)


class WganGpFamily(WassersteinFamily):
    name = "wgan-gp"
    archs = ("dcgan", "resnet", "fastgan", "sngan")
    takes_labels = True
    default_optimizer = {"name": "adam", "lr": 1e-4, "betas": (0.0, 0.9)}  # floats: torch rejects (0, 0.9)
    Settings = WganGpSettings
    settings: WganGpSettings
    # every arch's columns; an instance lists its own (recon_loss only where the critic reconstructs)
    statistics = (*WassersteinFamily.statistics, "gradient_penalty", "recon_loss")
    eager_discriminator = True  # the penalty's double backward

    def __init__(self, spec: ModelSpec, settings: WganGpSettings):
        super().__init__(spec, settings)
        self.reconstructs = spec.arch in RECONSTRUCTING
        if not self.reconstructs:
            self.statistics = tuple(name for name in type(self).statistics if name != "recon_loss")

    @classmethod
    def build_generator(cls, spec: ModelSpec) -> nn.Module:
        if spec.arch == "dcgan":
            return dcgan_generator(spec)
        if spec.arch == "fastgan":
            # FastGAN's own init is DCGAN's; the output conv feeds no norm, so it starts at unit scale
            generator = dcgan_init(FastGanGenerator(
                input_dim=spec.generator_input_dim, num_classes=spec.label_count, width=spec.width,
                channels=spec.channels, image_size=spec.image_size,
            ))
            output_layer_init(generator.to_image)
            return generator
        if spec.arch == "sngan":
            return sngan_generator(spec)
        return ResNetGenerator(
            input_dim=spec.generator_input_dim, num_classes=spec.label_count, width=spec.width,
            channels=spec.channels, image_size=spec.image_size,
        )

    @classmethod
    def build_discriminator(cls, spec: ModelSpec) -> nn.Module:
        if spec.arch == "dcgan":
            return dcgan_discriminator(spec, norm="layer", wasserstein=True)
        if spec.arch == "fastgan":
            return dcgan_init(FastGanDiscriminator(
                num_classes=spec.label_count, width=spec.width, channels=spec.channels, image_size=spec.image_size,
            ))
        if spec.arch == "sngan":
            return sngan_discriminator(spec)
        return ResNetDiscriminator(
            num_classes=spec.label_count, width=spec.width, channels=spec.channels, image_size=spec.image_size
        )

    def discriminator_loss(
        self, real: torch.Tensor, real_labels: torch.Tensor | None, latent: Latent
    ) -> tuple[torch.Tensor, Stats]:
        recon = None
        if self.reconstructs:
            critic_loss, fake, stats, recon = self._critic_terms_reconstructing(real, real_labels, latent)
        else:
            critic_loss, fake, stats = self.critic_terms(real, real_labels, latent)
        # Interpolates carry the real labels: x_hat lies on the segment towards the real sample's class.
        # With augmentation the penalty follows DiffAugment's authors (their R1 in StyleGAN2): x_hat is
        # mixed from the images before T, and the gradient is taken of D(T(x_hat)) with respect to x_hat.
        penalty = losses.gradient_penalty(self.score, real, fake, labels=self.conditioning(real_labels))
        loss = critic_loss + self.settings.gp_weight * penalty
        if recon is not None:  # computed and logged at recon_weight 0 too, where the loss is plain WGAN-GP's
            loss = loss + self.settings.recon_weight * recon
            stats["recon_loss"] = recon.detach()
        return loss, {"gradient_penalty": penalty.detach(), **stats}

    def _critic_terms_reconstructing(
        self, real: torch.Tensor, real_labels: torch.Tensor | None, latent: Latent
    ) -> tuple[torch.Tensor, torch.Tensor, Stats, torch.Tensor]:
        """`critic_terms` plus the reconstruction loss of the real batch, read from the same pass through
        the critic's trunk that scored it.

        Real images only, as in FastGAN: the decoders learn what real data looks like to D. Under
        DiffAugment the target is the augmented real image the trunk saw (the critic makes the target
        from its input): D cannot know what a cutout removed or a shift pushed out of the frame.
        """
        fake = self.detached_fake(latent)
        real_scores, recon, target = self.score(real, self.conditioning(real_labels), with_recon=True)
        loss, stats = critic_statistics(real_scores, self.score(fake, latent.labels))
        return loss, fake, stats, losses.reconstruction_l1(recon, target)

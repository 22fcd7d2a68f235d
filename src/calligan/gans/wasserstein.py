"""The families trained with the Wasserstein objective, raw critic scores and no sigmoid: WGAN (Arjovsky
et al. 2017; critic weights clipped to [-c, c] after each step) and WGAN-GP (Gulrajani et al. 2017;
a gradient penalty instead, on DCGAN, ResNet, FastGAN or SNGAN nets).

FastGAN's critic (Liu et al. 2021) also reconstructs the real images it scores from its own features
(calligan.nn.fastgan); that pixel loss, weighted by `train.recon_weight`, joins the critic's loss.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch import nn

from calligan import losses
from calligan.gans.bce import dcgan_discriminator, dcgan_generator
from calligan.gans.family import Critic, GanFamily, LossSettings, Stats
from calligan.gans.hinge import sngan_discriminator, sngan_generator
from calligan.gans.latent import Latent
from calligan.nn.fastgan import FastGanDiscriminator, FastGanGenerator
from calligan.nn.init import dcgan_init, output_layer_init
from calligan.nn.resnet import ResNetDiscriminator, ResNetGenerator

if TYPE_CHECKING:
    from calligan.config.train import TrainParams
    from calligan.gans.spec import ModelSpec


def critic_statistics(real_scores: torch.Tensor, fake_scores: torch.Tensor) -> tuple[torch.Tensor, Stats]:
    """The critic's Wasserstein loss on one real and one fake batch of scores, and its statistics.

    `ada_r_t` is ADA's overfitting heuristic r_t = E[sign(D(real))] adapted to a critic, which has no
    fixed zero (a constant shift changes neither loss): the zero is the midpoint of the real and fake
    mean scores, so r_t is about 0 while the critic cannot tell them apart and 1 when it rates every
    real image above that line, as one that has memorised its training images does.
    """
    loss = losses.wasserstein_critic(real_scores, fake_scores)
    boundary = (real_scores.mean() + fake_scores.mean()).detach() / 2
    return loss, {
        "wasserstein": -loss.detach(),  # E[D(real)] - E[D(fake)]
        "critic_real": real_scores.mean().detach(),
        "critic_fake": fake_scores.mean().detach(),
        "ada_r_t": torch.sign(real_scores.detach() - boundary).mean(),
    }


class WassersteinFamily(GanFamily):
    default_n_critic = 5  # Arjovsky et al. and Gulrajani et al.: 5 critic steps per G step
    statistics = ("d_loss", "g_loss", "wasserstein", "critic_real", "critic_fake", "ada_r_t")
    progress = ("d_loss", "g_loss", "wasserstein")

    def discriminator_loss(self, critic: Critic, *, real: torch.Tensor, real_labels: torch.Tensor | None,
                           fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        return critic_statistics(critic(real, real_labels), critic(fake, latent.labels))

    def generator_loss(self, critic: Critic, *, fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        return losses.wasserstein_generator(critic(fake, latent.labels)), {}


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

    @torch.no_grad()
    def after_discriminator_step(self) -> None:
        # Two multi-tensor kernels on CUDA rather than one clamp launch per parameter.
        parameters = self.discriminator_parameters()
        torch._foreach_clamp_min_(parameters, -self.settings.clip_value)
        torch._foreach_clamp_max_(parameters, self.settings.clip_value)


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

    def discriminator_loss(self, critic: Critic, *, real: torch.Tensor, real_labels: torch.Tensor | None,
                           fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        recon = None
        if self.reconstructs:
            # FastGAN reconstructs real images only: the decoders learn what real data looks like to D.
            # Under DiffAugment the target is the augmented real image the trunk saw (the critic makes
            # the target from its input): D cannot know what a cutout removed or a shift pushed out.
            real_scores, reconstruction, target = critic(real, real_labels, with_recon=True)
            recon = losses.reconstruction_l1(reconstruction, target)
        else:
            real_scores = critic(real, real_labels)
        critic_loss, stats = critic_statistics(real_scores, critic(fake, latent.labels))
        # Interpolates carry the real labels: x_hat lies on the segment towards the real sample's class.
        # With augmentation the penalty follows DiffAugment's authors (their R1 in StyleGAN2): x_hat is
        # mixed from the images before T, and the gradient is taken of D(T(x_hat)) with respect to x_hat.
        penalty = losses.gradient_penalty(critic, real, fake, labels=real_labels)
        loss = critic_loss + self.settings.gp_weight * penalty
        if recon is not None:  # computed and logged at recon_weight 0 too, where the loss is plain WGAN-GP's
            loss = loss + self.settings.recon_weight * recon
            stats["recon_loss"] = recon.detach()
        return loss, {"gradient_penalty": penalty.detach(), **stats}

"""The families trained with the original GAN objective, BCE for D and the non-saturating loss for G:
the original GAN (Goodfellow et al. 2014, MLP nets), DCGAN (Radford et al. 2015, optionally
class-conditional: one-hot into G, projection D) and InfoGAN (Chen et al. 2016, latent codes in z and
a Q head on D)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch import nn

from calligan import losses
from calligan.gans.family import Critic, GanFamily, LossSettings, Stats
from calligan.gans.latent import Latent
from calligan.nn.dcgan import DCGANDiscriminator, DCGANGenerator
from calligan.nn.infogan import InfoDiscriminator
from calligan.nn.init import dcgan_init, output_layer_init
from calligan.nn.mlp import MLPDiscriminator, MLPGenerator
from calligan.nn.norms import Norm

if TYPE_CHECKING:
    from calligan.config.train import TrainParams
    from calligan.gans.spec import ModelSpec

ADAM_DCGAN = {"name": "adam", "lr": 2e-4, "betas": (0.5, 0.999)}  # Radford et al. 2015


def bce_terms(critic: Critic, *, real: torch.Tensor, real_labels: torch.Tensor | None, fake: torch.Tensor,
              fake_labels: torch.Tensor | None) -> tuple[torch.Tensor, Stats]:
    """D's BCE on a real and a (detached) fake batch, with the statistics every BCE family logs."""
    real_logits = critic(real, real_labels)
    fake_logits = critic(fake, fake_labels)
    loss = losses.bce_discriminator(real_logits, fake_logits)
    return loss, {
        "p_real": torch.sigmoid(real_logits).mean().detach(),  # D's mean probability of "real"
        "p_fake": torch.sigmoid(fake_logits).mean().detach(),
        "ada_r_t": torch.sign(real_logits).mean().detach(),  # the logit's boundary is 0
    }


class BceFamily(GanFamily):
    default_optimizer = ADAM_DCGAN
    default_n_critic = 1
    statistics = ("d_loss", "g_loss", "p_real", "p_fake", "ada_r_t")
    progress = ("d_loss", "g_loss")

    def discriminator_loss(self, critic: Critic, *, real: torch.Tensor, real_labels: torch.Tensor | None,
                           fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        return bce_terms(critic, real=real, real_labels=real_labels, fake=fake, fake_labels=latent.labels)

    def generator_loss(self, critic: Critic, *, fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        return losses.bce_generator_nonsaturating(critic(fake, latent.labels)), {}


class MlpGanFamily(BceFamily):
    name = "gan"
    archs = ("mlp",)

    @classmethod
    def build_generator(cls, spec: ModelSpec) -> nn.Module:
        generator = dcgan_init(MLPGenerator(
            input_dim=spec.generator_input_dim, width=spec.width, channels=spec.channels, image_size=spec.image_size
        ))
        output_layer_init(generator.to_image)
        return generator

    @classmethod
    def build_discriminator(cls, spec: ModelSpec) -> nn.Module:
        return dcgan_init(MLPDiscriminator(width=spec.width, channels=spec.channels, image_size=spec.image_size))


def dcgan_generator(spec: ModelSpec, *, hidden: int = 0) -> nn.Module:
    """hidden: units of a fully connected layer before the base map (DCGANGenerator's); 0: none."""
    generator = dcgan_init(DCGANGenerator(
        input_dim=spec.generator_input_dim, num_classes=spec.label_count, width=spec.width,
        channels=spec.channels, image_size=spec.image_size, hidden=hidden,
    ))
    output_layer_init(generator.to_image)
    return generator


def dcgan_discriminator(spec: ModelSpec, *, norm: Norm, wasserstein: bool) -> nn.Module:
    """norm: BatchNorm for BCE and weight-clipped critics, layer norm for gradient-penalty critics;
    wasserstein: a critic scoring for a Wasserstein loss (no output bias) rather than BCE logits."""
    return dcgan_init(DCGANDiscriminator(
        num_classes=spec.label_count, width=spec.width, channels=spec.channels, image_size=spec.image_size,
        norm=norm, score_bias=not wasserstein,
    ))


class DcganFamily(BceFamily):
    name = "dcgan"
    archs = ("dcgan",)
    takes_labels = True

    @classmethod
    def build_generator(cls, spec: ModelSpec) -> nn.Module:
        return dcgan_generator(spec)

    @classmethod
    def build_discriminator(cls, spec: ModelSpec) -> nn.Module:
        return dcgan_discriminator(spec, norm="batch", wasserstein=False)


@dataclass(frozen=True)
class InfoganSettings(LossSettings):
    """lambda of each mutual-information term (Chen et al.: 1 for discrete codes, 0.1 for continuous ones)."""

    info_categorical_weight: float
    info_continuous_weight: float

    @classmethod
    def from_params(cls, params: TrainParams) -> InfoganSettings:
        return cls(info_categorical_weight=params.info_categorical_weight,
                   info_continuous_weight=params.info_continuous_weight)


def _fully_connected_units(spec: ModelSpec) -> int:
    return 16 * spec.width if spec.arch == "dcgan-fc" else 0


class InfoganFamily(BceFamily):
    """The mutual-information term is minimised by both players, as in the authors' code: D's side (trunk
    and Q) learns to read the codes back from detached fakes, G learns to draw them so they can be read.
    A Q that only sat on a trunk trained for real-vs-fake would see features blind to the code, and G
    would satisfy it with whatever those features happen to notice (stroke width rather than digit).
    """

    name = "infogan"
    # dcgan-fc: Chen et al.'s MNIST nets, DCGAN convolutions with a fully connected layer of 16 x width
    # units (their 1024 at width 64) in G before the base map and in D under both heads, which let the
    # category find MNIST's digits (README, "MNIST, the seed's own experiments"); dcgan: without them.
    archs = ("dcgan-fc", "dcgan")
    Settings = InfoganSettings
    settings: InfoganSettings
    default_latent_dim = 62  # the authors' MNIST layout: 62 noise, one 10-way category, 2 continuous codes
    default_n_categorical = 10
    default_n_continuous = 2
    statistics = (*BceFamily.statistics, "info_categorical", "info_continuous")

    @classmethod
    def build_generator(cls, spec: ModelSpec) -> nn.Module:
        return dcgan_generator(spec, hidden=_fully_connected_units(spec))

    @classmethod
    def build_discriminator(cls, spec: ModelSpec) -> nn.Module:
        return dcgan_init(InfoDiscriminator(
            width=spec.width, channels=spec.channels, image_size=spec.image_size,
            n_categorical=spec.n_categorical, n_continuous=spec.n_continuous, hidden=_fully_connected_units(spec),
        ))

    def _information(self, images: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        """The weighted information loss of Q reading `latent`'s codes back from `images`.

        Q sees G's image itself, never its augmented copy: T may cut out or shift away what a code
        drew, and a Q that had to guess through it would reward codes for what survives augmentation.
        """
        _, codes = self.discriminator(images, with_q=True)
        loss, stats = images.new_zeros(()), {}
        if latent.categorical is not None:
            term = losses.info_categorical(codes.categorical_logits, latent.categorical)
            loss = loss + self.settings.info_categorical_weight * term
            stats["info_categorical"] = term.detach()
        if latent.continuous is not None:
            term = losses.info_continuous_gaussian_nll(codes.continuous_mean, latent.continuous)
            loss = loss + self.settings.info_continuous_weight * term
            stats["info_continuous"] = term.detach()
        return loss, stats

    def discriminator_loss(self, critic: Critic, *, real: torch.Tensor, real_labels: torch.Tensor | None,
                           fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        adversarial, stats = bce_terms(critic, real=real, real_labels=None, fake=fake, fake_labels=None)
        information, _ = self._information(fake, latent)
        return adversarial + information, stats

    def generator_loss(self, critic: Critic, *, fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        adversarial = losses.bce_generator_nonsaturating(critic(fake, None))
        information, stats = self._information(fake, latent)
        return adversarial + information, stats

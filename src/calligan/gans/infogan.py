"""InfoGAN (Chen et al. 2016): their DCGAN nets with fully connected layers, latent codes in z, a Q head on D.

The mutual-information term is minimised by both players, as in the authors' code: D's side (trunk
and Q) learns to read the codes back from detached fakes, G learns to draw them so they can be read.
A Q that only sat on a trunk trained for real-vs-fake would see features blind to the code, and G
would satisfy it with whatever those features happen to notice (stroke width rather than digit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch import nn

from calligan import losses
from calligan.gans.bce import BceFamily
from calligan.gans.dcgan import dcgan_generator
from calligan.gans.family import LossSettings, Stats
from calligan.gans.latent import Latent
from calligan.nn.infogan import InfoDiscriminator
from calligan.nn.init import dcgan_init

if TYPE_CHECKING:
    from calligan.config.train import TrainParams
    from calligan.gans.spec import ModelSpec


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
    name = "infogan"
    # dcgan-fc: Chen et al.'s MNIST nets, DCGAN convolutions with a fully connected layer of 16 x width
    # units (their 1024 at width 64) in G before the base map and in D under both heads; measured on
    # MNIST (benchmarks/mnist.py) they let the category find the digits: code-class agreement 0.85-0.92
    # over three seeds, 0.55-0.68 without them. dcgan: without them.
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

    def discriminator_loss(self, real, real_labels, latent: Latent) -> tuple[torch.Tensor, Stats]:
        fake = self.detached_fake(latent)
        adversarial, stats = self._bce_terms(real, None, fake, None)
        information, _ = self._information(fake, latent)
        loss = adversarial + information
        return loss, stats

    def generator_loss(self, latent: Latent) -> tuple[torch.Tensor, Stats]:
        fake = self.fake(latent)
        adversarial = losses.bce_generator_nonsaturating(self.score(fake, None))
        information, stats = self._information(fake, latent)
        loss = adversarial + information
        return loss, stats

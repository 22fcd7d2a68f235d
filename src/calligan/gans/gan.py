"""The original GAN (Goodfellow et al. 2014): MLP G and D."""

from __future__ import annotations

from typing import TYPE_CHECKING

from torch import nn

from calligan.gans.bce import BceFamily
from calligan.nn.init import dcgan_init, output_layer_init
from calligan.nn.mlp import MLPDiscriminator, MLPGenerator

if TYPE_CHECKING:
    from calligan.gans.spec import ModelSpec


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

"""DCGAN (Radford et al. 2015), optionally class-conditional (one-hot into G, projection D)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from torch import nn

from calligan.gans.bce import BceFamily
from calligan.nn.dcgan import DCGANDiscriminator, DCGANGenerator
from calligan.nn.init import dcgan_init, output_layer_init
from calligan.nn.norms import Norm

if TYPE_CHECKING:
    from calligan.gans.spec import ModelSpec


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

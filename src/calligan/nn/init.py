"""DCGAN initialisation (Radford et al.): weights N(0, 0.02), norm scales N(1, 0.02), biases 0."""

from __future__ import annotations

import math

from torch import nn

DCGAN_STD = 0.02  # Radford et al. 2015, section 4

_WEIGHTED = (nn.Conv2d, nn.ConvTranspose2d, nn.Linear, nn.Embedding)
_NORMS = (nn.BatchNorm1d, nn.BatchNorm2d, nn.GroupNorm, nn.LayerNorm)


def dcgan_init(module: nn.Module) -> nn.Module:
    """Initialise every layer of `module` in place; returns it for chaining."""
    for layer in module.modules():
        if isinstance(layer, _WEIGHTED):
            nn.init.normal_(layer.weight, 0.0, DCGAN_STD)
        elif isinstance(layer, _NORMS) and layer.weight is not None:
            nn.init.normal_(layer.weight, 1.0, DCGAN_STD)
        if isinstance(layer, _WEIGHTED + _NORMS) and getattr(layer, "bias", None) is not None:
            nn.init.zeros_(layer.bias)
    return module


def output_layer_init(layer: nn.Conv2d | nn.ConvTranspose2d | nn.Linear) -> nn.Module:
    """He-normal weights for a generator's last layer (a convolution or a linear layer), so that its pre-tanh output
    starts at unit scale instead of DCGAN's ~0.1.

    Every other G layer feeds a BatchNorm, which undoes any weight scale; this one does not, and Adam
    moves each weight by about one learning rate per step, so from N(0, 0.02) it takes thousands of
    steps before tanh can reach the +1 of binary ink: short runs stay gray. A convolution's fan-in counts
    the taps that reach each output pixel, (kernel / stride)^2 per input channel; a linear layer's is
    its input size.
    """
    if isinstance(layer, nn.Linear):
        fan_in = layer.in_features
    else:
        fan_in = layer.in_channels * math.prod(k / s for k, s in zip(layer.kernel_size, layer.stride))
    nn.init.normal_(layer.weight, 0.0, math.sqrt(2.0 / fan_in))
    return layer

"""DCGAN initialisation (Radford et al.): weights N(0, 0.02), norm scales N(1, 0.02), biases 0."""

from __future__ import annotations

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

"""The normalisations a discriminator may use, by name."""

from __future__ import annotations

from typing import Literal

from torch import nn

Norm = Literal["batch", "layer", "none"]
NORMS = ("batch", "layer", "none")


def norm2d(kind: Norm, channels: int) -> nn.Module:
    """kind: "batch" (DCGAN), "layer" (WGAN-GP critics: per-sample, so the gradient penalty stays
    per-sample; GroupNorm with one group normalises over C, H, W like TF's layer norm), or "none"."""
    if kind == "batch":
        return nn.BatchNorm2d(channels)
    if kind == "layer":
        return nn.GroupNorm(1, channels)
    if kind == "none":
        return nn.Identity()
    raise ValueError(f"unknown norm {kind!r}; use one of {NORMS}")

"""The generator's input: noise, plus InfoGAN codes and class labels, kept apart for the losses."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass
class Latent:
    z: torch.Tensor                        # [B, generator_input_dim]: noise, then one-hot category, then continuous codes
    labels: torch.Tensor | None = None     # [B] class labels for a conditional family
    categorical: torch.Tensor | None = None  # [B] InfoGAN category index (its one-hot is inside z)
    continuous: torch.Tensor | None = None   # [B, n_continuous] InfoGAN codes (also inside z)


def with_codes(
    noise: torch.Tensor,
    *,
    categorical: torch.Tensor | None,
    continuous: torch.Tensor | None,
    n_categorical: int,
    labels: torch.Tensor | None = None,
) -> Latent:
    """Assemble z = noise ⊕ one-hot(categorical) ⊕ continuous; also how traversal grids set codes by hand.

    noise: [B, latent_dim]; categorical: [B] indices or None; continuous: [B, n] or None;
    n_categorical: one-hot size; labels: class labels passed through.
    """
    parts = [noise]
    if categorical is not None:
        parts.append(F.one_hot(categorical, n_categorical).to(noise.dtype))
    if continuous is not None:
        parts.append(continuous.to(noise.dtype))
    return Latent(z=torch.cat(parts, dim=1), labels=labels, categorical=categorical, continuous=continuous)

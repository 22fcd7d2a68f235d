"""The truncation trick (Brock et al. 2019, BigGAN): noise drawn from a normal truncated to [-psi, psi]."""

from __future__ import annotations

import torch


def truncate(noise: torch.Tensor, *, psi: float, generator: torch.Generator) -> torch.Tensor:
    """A copy of N(0, 1) `noise` whose components with |z| > psi are redrawn from N(0, 1) until inside.

    Redrawing (rather than clipping to +-psi) keeps every component a truncated standard normal, with
    no mass piled up at the bounds. generator: the stream the redraws come from (the image's own, so
    an image stays a function of its seed); psi: the bound, > 0 (lower: fewer, more typical images).
    """
    if psi <= 0:
        raise ValueError(f"psi must be positive, got {psi}")
    out = noise.clone()
    outside = out.abs() > psi
    while outside.any():
        out[outside] = torch.randn(int(outside.sum()), generator=generator, dtype=out.dtype, device=out.device)
        outside = out.abs() > psi
    return out

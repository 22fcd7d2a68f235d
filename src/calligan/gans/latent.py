"""The generator's input: noise, plus InfoGAN codes and class labels, kept apart for the losses; the one
sampler of it, a function of the model's spec, that training, generate and traversals share; and the
balanced labels with which training's evaluations and generate draw every class equally often."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch
import torch.nn.functional as F

if TYPE_CHECKING:
    from calligan.gans.spec import ModelSpec


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


def sample_latent(
    spec: ModelSpec,
    batch: int,
    *,
    rng: torch.Generator | None = None,
    device: torch.device | str | None = None,
    labels: torch.Tensor | None = None,
) -> Latent:
    """noise N(0, 1), then the spec's codes (a uniform category, continuous codes U(-1, 1)), then, for a
    conditional model, uniform class labels unless `labels` ([batch]) is given.

    rng: the random stream (must live on `device`); device: where the tensors go. The draws come in
    that order from the one stream, so a seed fixes the whole latent.
    """
    noise = torch.randn(batch, spec.latent_dim, generator=rng, device=device)
    categorical = (torch.randint(spec.n_categorical, (batch,), generator=rng, device=device)
                   if spec.n_categorical else None)
    continuous = (torch.rand(batch, spec.n_continuous, generator=rng, device=device) * 2 - 1
                  if spec.n_continuous else None)
    return with_codes(noise, categorical=categorical, continuous=continuous, n_categorical=spec.n_categorical,
                      labels=_labels(spec, batch, rng=rng, device=device, labels=labels))


def _labels(spec: ModelSpec, batch: int, *, rng, device, labels: torch.Tensor | None) -> torch.Tensor | None:
    if not spec.conditional:
        if labels is not None:
            raise ValueError(f"family {spec.family!r} is unconditional here: sample with labels=None")
        return None
    if labels is None:
        return torch.randint(spec.num_classes, (batch,), generator=rng, device=device)
    if labels.shape != (batch,):
        raise ValueError(f"labels must have shape ({batch},), got {tuple(labels.shape)}")
    return labels.to(device=device, dtype=torch.long)


def balanced_labels(*, count: int, num_classes: int) -> np.ndarray:
    """int64 (count,) class labels for a conditional generator, cycling 0, 1, ..., num_classes - 1, 0, 1, ...

    Cycling keeps every prefix balanced too, so a metric that scores the first n images sees all
    classes. When num_classes does not divide count, the remainder goes one each to the lowest class
    indices: no two classes differ by more than one image.
    """
    if num_classes < 1:
        raise ValueError(f"num_classes must be at least 1, got {num_classes}")
    return np.arange(count, dtype=np.int64) % num_classes

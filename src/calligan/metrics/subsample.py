"""Seeded subsamples: every metric of one evaluation sees the same images, run after run."""

from __future__ import annotations

import numpy as np


def subsample_indices(total: int, *, count: int, seed: int) -> np.ndarray:
    """Which of `total` items `subsample` keeps, in ascending order; 0 or more than there are = all."""
    if count == 0 or count >= total:
        return np.arange(total)
    return np.sort(np.random.default_rng(seed).choice(total, size=count, replace=False))


def subsample(images: np.ndarray, *, count: int, seed: int) -> np.ndarray:
    """`count` images drawn without replacement (kept in their original order); 0 or more than there
    are = all of them."""
    if count == 0 or count >= len(images):
        return images
    return images[subsample_indices(len(images), count=count, seed=seed)]

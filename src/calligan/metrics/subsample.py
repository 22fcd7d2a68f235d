"""Seeded subsamples: every metric of one evaluation sees the same images, run after run."""

from __future__ import annotations

import numpy as np


def subsample(images: np.ndarray, *, count: int, seed: int) -> np.ndarray:
    """`count` images drawn without replacement (kept in their original order); 0 or more than there
    are = all of them."""
    if count == 0 or count >= len(images):
        return images
    chosen = np.sort(np.random.default_rng(seed).choice(len(images), size=count, replace=False))
    return images[chosen]

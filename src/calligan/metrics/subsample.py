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


def disjoint_subsamples(images: np.ndarray, *, count: int, seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    """(`subsample`-like draw of `count`, `count` other images none of which is in it), each in the
    original order; the second is None when there are fewer than 2 x count images or count is 0 (all)."""
    if count == 0 or 2 * count > len(images):
        return subsample(images, count=count, seed=seed), None
    drawn = np.random.default_rng(seed).choice(len(images), size=2 * count, replace=False)
    return images[np.sort(drawn[:count])], images[np.sort(drawn[count:])]

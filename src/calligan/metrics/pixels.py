"""Pixel-space helpers for the diversity metrics: small float copies for search, SSIM for judgement."""

from __future__ import annotations

import cv2
import numpy as np
from skimage.metrics import structural_similarity


def downscaled(images: np.ndarray, *, size: int) -> np.ndarray:
    """(N, size*size[*3]) float32 in [0, 1]: area-averaged thumbnails, flattened for distance search.

    size: thumbnail side; small enough for fast exact search, large enough to tell characters apart.
    """
    thumbs = [cv2.resize(image, (size, size), interpolation=cv2.INTER_AREA) for image in images]
    return np.stack(thumbs).reshape(len(images), -1).astype(np.float32) / 255.0


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """SSIM of two uint8 images, gray (H, W) or RGB (H, W, 3)."""
    channel_axis = -1 if a.ndim == 3 else None
    return float(structural_similarity(a, b, data_range=255, channel_axis=channel_axis))


def random_pairs(count: int, *, pairs: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`pairs` index pairs (i, j) with i != j, drawn uniformly from `count` items."""
    first = rng.integers(0, count, size=pairs)
    second = (first + rng.integers(1, count, size=pairs)) % count
    return first, second

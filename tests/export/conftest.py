"""Synthetic generated sets in the internal convention (ink bright on dark) for the export tests."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from calligan.io.npz import save_npz


def _strokes(count: int, size: int, *, seed: int = 0) -> np.ndarray:
    """uint8 (count, size, size): a few bright anti-aliased brush lines on black, away from the border."""
    rng = np.random.default_rng(seed)
    images = np.zeros((count, size, size), np.uint8)
    for image in images:
        for _ in range(3):
            a, b = rng.integers(size // 8, size - size // 8, (2, 2))
            cv2.line(image, tuple(map(int, a)), tuple(map(int, b)), 255, thickness=max(1, size // 16), lineType=cv2.LINE_AA)
    return images


@pytest.fixture
def strokes():
    """_strokes(count, size, seed=0) -> uint8 (count, size, size) bright lines on black."""
    return _strokes


@pytest.fixture
def generated_npz(tmp_path):
    """Write a generated-style .npz (images, labels, seeds); returns its path."""

    def write(count: int = 12, size: int = 128, *, images: np.ndarray | None = None, labels: bool = True):
        images = _strokes(count, size) if images is None else images
        count = len(images)
        arrays = {"images": images, "seeds": np.arange(100, 100 + count)}
        if labels:
            arrays["labels"] = np.arange(count) % 3
        path = tmp_path / "generated" / "images.npz"
        save_npz(path, arrays)
        return path

    return write

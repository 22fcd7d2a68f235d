"""Which way round the ink is, read from the image borders (paper dominates the edges of a character)."""

from __future__ import annotations

import numpy as np


def border_mean(images: np.ndarray) -> float:
    """Mean gray level of the one-pixel frame of every image in a uint8 (N, S, S) stack."""
    frame = np.concatenate(
        [images[:, 0, :], images[:, -1, :], images[:, 1:-1, 0], images[:, 1:-1, -1]], axis=1
    )
    return float(frame.mean())


def is_light_background(images: np.ndarray) -> bool:
    """True for dark ink on light paper (the competition's way), False for bright ink on dark."""
    return border_mean(images) > 127.5

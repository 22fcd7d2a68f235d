"""Which way round the ink is: read from the image borders (paper dominates the edges of a character), and
turned from the stages' way (bright ink on dark) to the submission's (dark ink on light paper)."""

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


def ink_on_paper(images: np.ndarray) -> np.ndarray:
    """Stages keep ink bright on dark; the submission and a reader's eye want it dark on light."""
    return 255 - np.asarray(images, dtype=np.uint8)

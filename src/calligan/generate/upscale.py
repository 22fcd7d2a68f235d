"""Bicubic resizing of a stack of grayscale images (the seed's 64 -> 128 trick)."""

from __future__ import annotations

import cv2
import numpy as np


def bicubic(images: np.ndarray, *, size: int) -> np.ndarray:
    """images: uint8 (N, s, s); size: the output side. Returns uint8 (N, size, size).

    OpenCV rounds and saturates on the way back to uint8, so overshoot at ink edges clips to 0/255.
    """
    out = np.empty((len(images), size, size), dtype=np.uint8)
    for i, image in enumerate(images):
        out[i] = cv2.resize(image, (size, size), interpolation=cv2.INTER_CUBIC)
    return out

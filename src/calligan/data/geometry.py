"""Crop to the ink, pad to a square with background, resize with an area filter."""

from __future__ import annotations

import cv2
import numpy as np


def crop_square(page: np.ndarray, bbox: tuple[int, int, int, int], *, margin: float) -> np.ndarray:
    """The square around `bbox` (x0, y0, x1, y1) grown by `margin` of its longer side, padded with black.

    margin: blank border kept around the ink, as a fraction of the ink box's longer side.
    """
    x0, y0, x1, y1 = bbox
    side = max(x1 - x0, y1 - y0)
    side += 2 * int(round(margin * side))
    left = (x0 + x1 - side) // 2
    top = (y0 + y1 - side) // 2
    square = np.zeros((side, side), dtype=page.dtype)
    src_x0, src_y0 = max(left, 0), max(top, 0)
    src_x1, src_y1 = min(left + side, page.shape[1]), min(top + side, page.shape[0])
    square[src_y0 - top : src_y1 - top, src_x0 - left : src_x1 - left] = page[src_y0:src_y1, src_x0:src_x1]
    return square


def pad_square(page: np.ndarray) -> np.ndarray:
    """The whole page centred on a black square (no crop), for previews and fixed-geometry data."""
    height, width = page.shape
    side = max(height, width)
    top, left = (side - height) // 2, (side - width) // 2
    return cv2.copyMakeBorder(page, top, side - height - top, left, side - width - left, cv2.BORDER_CONSTANT, value=0)


def resize(square: np.ndarray, size: int) -> np.ndarray:
    """`square` at `size` x `size`: area averaging when shrinking, bicubic when enlarging."""
    if square.shape[0] == size:
        return square
    interpolation = cv2.INTER_AREA if square.shape[0] > size else cv2.INTER_CUBIC
    return cv2.resize(square, (size, size), interpolation=interpolation)


def fit_digit(digit: np.ndarray, size: int) -> np.ndarray:
    """MNIST geometry kept: 28 px as is, 32 px padded by 2, other sizes resized from the 32 px pad."""
    if size == digit.shape[0]:
        return digit
    pad = (32 - digit.shape[0]) // 2
    padded = cv2.copyMakeBorder(digit, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    return resize(padded, size)

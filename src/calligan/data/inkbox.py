"""From the analysis copy back to the decoded page: specks erased and the ink box found at full scale."""

from __future__ import annotations

import math

import cv2
import numpy as np

from calligan.data.components import Ink
from calligan.data.geometry import scale_box
from calligan.data.polarity import ink_mask


def erase_specks(gray: np.ndarray, ink: Ink, *, paper: int) -> np.ndarray:
    """`gray` with the specks found on its analysis copy `ink` painted `paper` (a copy only when there are any).

    paper: the grey level the page's levels table takes to the background.
    """
    if ink.erased is None:
        return gray
    erased = ink.erased
    if erased.shape != gray.shape:
        erased = cv2.resize(erased, gray.shape[::-1], interpolation=cv2.INTER_NEAREST)
    gray = gray.copy()
    gray[erased > 0] = paper
    return gray


def page_box(gray: np.ndarray, ink: Ink, *, levels: np.ndarray) -> tuple[int, int, int, int]:
    """The ink box (x0, y0, x1, y1) on `gray`: the analysis copy's box carried over, grown by one of its
    pixels, then tightened to the ink found inside at full scale. A box only carried over is up to a
    scale factor off on each side; a re-encoded copy decoded at another scale would then crop differently
    and no longer match its original as a duplicate.

    levels: the page's levels table (cv2.LUT) from grey to ink on black.
    """
    small = ink.mask.shape
    if small == gray.shape:
        return ink.bbox()
    x0, y0, x1, y1 = scale_box(ink.bbox(), source=small, target=gray.shape)
    grow_x, grow_y = math.ceil(gray.shape[1] / small[1]), math.ceil(gray.shape[0] / small[0])
    x0, y0 = max(0, x0 - grow_x), max(0, y0 - grow_y)
    x1, y1 = min(gray.shape[1], x1 + grow_x), min(gray.shape[0], y1 + grow_y)
    x, y, w, h = cv2.boundingRect(ink_mask(gray[y0:y1, x0:x1], levels=levels))
    if not w:
        return x0, y0, x1, y1
    return x0 + x, y0 + y, x0 + x + w, y0 + y + h

"""One convention for every source: ink bright (255) on a black (0) background."""

from __future__ import annotations

import cv2
import numpy as np

INK_THRESHOLD = 128  # after levels, a pixel at or above mid-grey is ink
_BORDER = 0.03  # the outer ring (fraction of the shorter side) where paper usually shows
_AGREE = 0.7  # the ring decides when this share of it is on one side of mid-grey


def ink_is_dark(gray: np.ndarray) -> bool:
    """Per-image polarity: the paper fills the border; when ink crosses much of it, the page median decides.

    A dark border alone does not make the ink light: a thick ruled frame at the edge of a light page
    (or a scanner's dark margin) fills the border too, so the page median has the last word there.
    """
    ring = max(1, int(round(min(gray.shape) * _BORDER)))
    border = np.concatenate(
        [gray[:ring].ravel(), gray[-ring:].ravel(), gray[ring:-ring, :ring].ravel(), gray[ring:-ring, -ring:].ravel()]
    )
    light = float(np.count_nonzero(border > 127)) / max(border.size, 1)
    if light >= _AGREE:
        return True
    return cv2.countNonZero(cv2.threshold(gray, 127, 1, cv2.THRESH_BINARY)[1]) > gray.size / 2  # the median is light


def ink_levels(gray: np.ndarray, *, ink_dark: bool, min_contrast: int) -> np.ndarray | None:
    """Lookup table (for cv2.LUT) taking `gray` to the convention: dark ink inverted, then levels
    stretched so paper is 0 and ink 255; None when ink and paper do not differ.

    ink_dark: the source has dark ink on light paper (it is inverted first).
    min_contrast: grey levels ink must stand above the paper to be ink at all.
    """
    if ink_dark:
        gray = cv2.bitwise_not(gray)
    hist = _histogram(gray)
    paper = _percentile(hist, 50)
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    above = hist.copy()
    above[: int(otsu) + 1] = 0
    ink = _percentile(above, 95) if above.any() else paper
    if ink - paper < min_contrast:
        return None
    levels = np.rint(np.clip((np.arange(256) - paper) * (255.0 / (ink - paper)), 0, 255)).astype(np.uint8)
    return levels[::-1].copy() if ink_dark else levels  # inverting folded into the table


def ink_mask(gray: np.ndarray, *, levels: np.ndarray) -> np.ndarray:
    """0/1 uint8 mask of the pixels that `levels` (from `ink_levels`) takes to ink: one threshold,
    as the table is monotone, instead of mapping every pixel through it."""
    inky = np.flatnonzero(levels >= INK_THRESHOLD)
    if levels[0] >= INK_THRESHOLD:  # inverted table: dark grey is ink
        return cv2.threshold(gray, int(inky[-1]), 1, cv2.THRESH_BINARY_INV)[1]
    return cv2.threshold(gray, int(inky[0]) - 1, 1, cv2.THRESH_BINARY)[1]


def _histogram(gray: np.ndarray) -> np.ndarray:
    """Pixel count per grey level (OpenCV's counts uint8 in place; np.bincount widens the page to int64 first)."""
    return cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel()


def _percentile(hist: np.ndarray, q: float) -> int:
    """The grey level below which q % of the counted pixels lie."""
    cumulative = np.cumsum(hist)
    return int(np.searchsorted(cumulative, cumulative[-1] * q / 100.0))

"""Specks off the submitted images: marks whose ink is smaller than real glyphs ever have.

A small generator leaves ink dust around its glyphs (at 64 px a blob of a pixel or two, which the 128 px
upscale and the intensity matching turn into a dark dot). Real calligraphy has next to none, so the
threshold is read off the real training images at the export size with the rule the evaluate stage
counts specks by (`calligan.metrics.glyphs.speck_area`): a mark is erased only when it is smaller than
all but the smallest 1 % of real ink components. A dot that belongs to a character is larger than that,
and one that touches a stroke's grey rim is part of the stroke's mark and stays.
"""

from __future__ import annotations

import cv2
import numpy as np

from calligan.metrics.glyphs import BACKGROUND_LEVEL, speck_area

INK_LEVEL = 128  # a pixel at or above it is ink, as the glyph metrics read it


def speck_threshold(reference: np.ndarray) -> int:
    """Marks with fewer ink pixels than this are specks: `speck_area` of the real uint8 (N, S, S) images."""
    return speck_area(reference, ink_level=INK_LEVEL)


def despeckle(images: np.ndarray, *, min_ink: int) -> np.ndarray:
    """A copy of uint8 (N, S, S) images, ink bright on dark, with every mark (8-connected pixels above the
    background level, grey rim included) holding fewer than `min_ink` ink pixels set to background (0)."""
    out = images.copy()
    for image in out:
        marked = (image > BACKGROUND_LEVEL).astype(np.uint8)
        count, marks = cv2.connectedComponents(marked, connectivity=8)
        ink = np.bincount(marks[image >= INK_LEVEL], minlength=count)
        small = ink < min_ink
        small[0] = False  # the background
        image[small[marks]] = 0
    return out

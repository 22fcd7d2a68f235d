"""Erase the specks a generator scatters around its glyphs: ink too small to be any brush mark.

A GAN at 64 px leaves isolated ink of a few pixels around and between the strokes, far more often than
the real images hold any (README, "Quality on held-out images"). No brush puts down a mark narrower
than its stroke, so the size limit is read from the real images themselves: an ink component whose area is
under the square of a fraction of the real strokes' median width is a speck. It is erased with the grey rim
that upscaling and matching drew around it, except where that rim also borders real strokes.
Dots and short strokes of the character are a stroke wide or more and stay.
"""

from __future__ import annotations

import cv2
import numpy as np

from calligan.metrics.glyphs import median_stroke_width

INK_LEVEL = 128  # a pixel at or above it is ink (images are ink bright on dark, paper 0)
RIM_PX = 2  # how far the grey edge of a speck reaches: bicubic's 4x4 support at 2x, after matching
_RIM_KERNEL = np.ones((3, 3), np.uint8)
# Reference images the stroke width is read from: the median of some 10^5 skeleton pixels moves by
# well under a pixel beyond this many glyphs.
_WIDTH_SAMPLE = 1000


def speck_area(reference: np.ndarray, *, width_fraction: float, seed: int = 0) -> int:
    """The smallest ink area (px) a mark may have: round((width_fraction * median stroke width)^2).

    reference: real uint8 (N, S, S) glyphs at the size the images will be cleaned at;
    width_fraction: the side of the smallest mark as a share of the median stroke width (0.5: a mark
    narrower than half a stroke in both directions is a speck); seed: which glyphs are measured.
    """
    rng = np.random.default_rng(seed)
    sample = reference[np.sort(rng.permutation(len(reference))[:_WIDTH_SAMPLE])]
    return int(round((width_fraction * median_stroke_width(sample, ink_level=INK_LEVEL)) ** 2))


def erase_specks(images: np.ndarray, *, min_area: int) -> tuple[np.ndarray, int]:
    """uint8 (N, S, S) images with every 8-connected ink component under `min_area` px erased to paper.

    Returns the cleaned copy and how many specks were erased.
    """
    out = images.copy()
    erased = 0
    for image in out:
        _, labels, stats, _ = cv2.connectedComponentsWithStats((image >= INK_LEVEL).astype(np.uint8),
                                                               connectivity=8)
        small = stats[:, cv2.CC_STAT_AREA] < min_area
        small[0] = False  # row 0 is the paper
        if not small.any():
            continue
        speck = small[labels]
        stroke = (labels > 0) & ~speck
        rim = cv2.dilate(speck.astype(np.uint8), _RIM_KERNEL, iterations=RIM_PX).astype(bool)
        near_stroke = cv2.dilate(stroke.astype(np.uint8), _RIM_KERNEL, iterations=RIM_PX).astype(bool)
        image[speck | (rim & ~near_stroke)] = 0
        erased += int(np.count_nonzero(small))
    return out, erased

from __future__ import annotations

import cv2
import numpy as np
import pytest

from calligan.generate.despeckle import erase_specks, speck_area
from calligan.metrics.glyphs import GlyphInputError
from tests.drawing import character


def _components(image: np.ndarray) -> np.ndarray:
    _, _, stats, _ = cv2.connectedComponentsWithStats((image >= 128).astype(np.uint8), connectivity=8)
    return stats[1:, cv2.CC_STAT_AREA]


@pytest.mark.parametrize("width, fraction, area", [(7, 0.5, 12), (11, 0.5, 30), (17, 0.5, 72), (11, 1.0, 121)])
def test_the_smallest_mark_is_a_square_of_a_share_of_the_stroke_width(width, fraction, area):
    glyph = np.zeros((128, 128), np.uint8)
    glyph[30:30 + width, 10:118] = 255  # bars of exactly `width` px (odd: the skeleton runs on their middle row)
    glyph[50:120, 60:60 + width] = 255
    assert speck_area(glyph[None], width_fraction=fraction) == area


def test_an_inkless_reference_is_a_clear_error():
    with pytest.raises(GlyphInputError, match="no ink"):
        speck_area(np.zeros((2, 32, 32), np.uint8), width_fraction=0.5)


def test_real_glyphs_with_added_specks_get_back_to_themselves(real_binary):
    min_area = speck_area(real_binary, width_fraction=0.5)
    glyphs = [g for g in real_binary if _components(g).min() >= min_area][:8]
    assert len(glyphs) == 8
    dirty = []
    for glyph in glyphs:
        paper = np.argwhere(cv2.dilate(glyph, np.ones((9, 9), np.uint8)) == 0)
        image = glyph.copy()
        for row, col in paper[np.linspace(0, len(paper) - 1, 3).astype(int)]:
            image[max(row - 2, 0):row + 3, max(col - 2, 0):col + 3] = 90  # the grey rim an upscale leaves
            image[row:row + 2, col:col + 2] = 255
        dirty.append(image)
    cleaned, erased = erase_specks(np.stack(dirty), min_area=min_area)
    assert erased == 3 * len(glyphs)
    np.testing.assert_array_equal(cleaned, np.stack(glyphs))


def test_dots_of_the_character_and_grey_edges_of_strokes_stay():
    glyph = character(128, thickness=9)
    edged = cv2.GaussianBlur(glyph, (5, 5), 0)  # grey edges all round the strokes and dots
    speck = np.zeros_like(edged)
    # A speck just above the first stroke, whose ink starts at row 39 and grey edge at row 37 in column 40:
    # the speck's rim reaches that edge, which must stay.
    speck[34:36, 40:42] = 255
    image = np.maximum(edged, speck)
    cleaned, erased = erase_specks(image[None], min_area=speck_area(glyph[None], width_fraction=0.5))
    assert erased == 1 and not cleaned[0, 34:36, 40:42].any()
    strokes = edged > 0
    np.testing.assert_array_equal(cleaned[0][strokes], image[strokes])

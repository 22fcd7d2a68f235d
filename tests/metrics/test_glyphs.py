import json

import cv2
import numpy as np
import pytest

from calligan.metrics.glyphs import glyph_structure
from tests.drawing import character

SHIFTS = [(dx, dy) for dx in (-6, 0, 6) for dy in (-4, 0, 4)]


def _characters(size: int = 128) -> np.ndarray:
    return np.stack([character(size, offset=shift) for shift in SHIFTS])


def _bars(*, cut: bool = False, joined: bool = False, third: bool = False) -> np.ndarray:
    """A long bar and a 5x5 dot (the smallest real component, so the speck threshold is 25 px); `cut` puts a
    3 px gap in the bar, `third` adds a second bar, `joined` links that bar to the first."""
    page = np.zeros((128, 128), np.uint8)
    cv2.rectangle(page, (20, 40), (99, 44), 255, -1)
    cv2.rectangle(page, (60, 80), (64, 84), 255, -1)
    if cut:
        cv2.rectangle(page, (58, 38), (60, 46), 0, -1)
    if third:
        cv2.rectangle(page, (20, 100), (99, 104), 255, -1)
    if joined:
        cv2.rectangle(page, (20, 44), (24, 100), 255, -1)
    return page


def test_a_set_scored_against_itself_matches_on_every_row_at_128_and_64_px():
    for size in (128, 64):
        real = _characters(size)
        result = glyph_structure(real.copy(), real)
        assert json.loads(json.dumps(result)) == result
        for row in (result["specks"]["image_share"], result["specks"]["per_image"], result["stroke_width"]["median_px"],
                    result["wide_ink_share"], result["components"]["per_glyph"], result["grey_share"]):
            assert row["generated"] == row["real"]
        assert result["stroke_width"]["wasserstein_px"] == 0.0
        assert result["count"] == {"generated": len(SHIFTS), "real": len(SHIFTS)}
        assert result["components"]["per_class_abs_diff"] is None


def test_dots_around_every_generated_glyph_are_counted_as_specks_and_only_there():
    real = _characters()
    generated = real.copy()
    generated[:, 3, 3] = 255  # a 1 px dot and a 2 px one, away from the glyph
    generated[:, 120, 118:120] = 255
    result = glyph_structure(generated, real)
    assert result["speck_area_px"] == 81  # the character's separate dot, its smallest component
    assert result["specks"]["image_share"] == {"generated": 1.0, "real": 0.0}
    assert result["specks"]["per_image"] == {"generated": 2.0, "real": 0.0}
    # Dust is not a broken stroke.
    per_glyph = result["components"]["per_glyph"]
    assert per_glyph["generated"] == per_glyph["real"] == 2.0


@pytest.mark.parametrize("width", [3, 5, 8])
def test_the_median_stroke_width_is_the_drawn_width_within_a_pixel(width):
    # Filled rectangles, because cv2.line draws about two pixels wider than its thickness; an even width has
    # no centre pixel and measures one less.
    page = np.zeros((128, 128), np.uint8)
    cv2.rectangle(page, (10, 20), (117, 19 + width), 255, -1)
    cv2.rectangle(page, (30, 40), (29 + width, 117), 255, -1)
    cv2.rectangle(page, (60, 60), (110, 59 + width), 255, -1)
    result = glyph_structure(page[None], page[None])
    assert abs(result["stroke_width"]["median_px"]["real"] - width) <= 1


def test_a_blot_where_strokes_cross_widens_the_ink_beyond_the_real_strokes():
    real = _characters()
    generated = real.copy()
    for image, (dx, dy) in zip(generated, SHIFTS):
        cv2.circle(image, (64 + dx, 43 + dy), 12, 255, -1)  # where the first two strokes cross
    result = glyph_structure(generated, real)
    wide = result["wide_ink_share"]
    assert wide["generated"] > 0.2 > 0.1 > wide["real"]
    assert result["stroke_width"]["wasserstein_px"] > 0.5


def test_a_stroke_cut_in_two_adds_one_component_per_glyph():
    result = glyph_structure(np.stack([_bars(cut=True)] * 3), np.stack([_bars()] * 3))
    assert result["speck_area_px"] == 25
    assert result["components"]["per_glyph"] == {"generated": 3.0, "real": 2.0}
    assert result["specks"]["per_image"]["generated"] == 0.0


def test_the_per_class_difference_averages_each_class_s_own_gap():
    # Class 0 gains a component, class 1 loses one: pooled, the two cancel; class by class each is 1 off.
    # Class 2 has no real images and is left out, though it moves the pooled mean.
    real = np.stack([_bars()] * 2 + [_bars(third=True)] * 2)
    generated = np.stack([_bars(cut=True)] * 2 + [_bars(third=True, joined=True)] * 2 + [_bars(cut=True)])
    result = glyph_structure(generated, real, generated_labels=np.array([0, 0, 1, 1, 2]),
                             real_labels=np.array([0, 0, 1, 1]))
    assert result["components"]["per_class_abs_diff"] == 1.0
    assert result["components"]["per_glyph"] == {"generated": 2.6, "real": 2.5}


def test_blurred_edges_are_grey_and_binary_ink_is_not():
    real = _characters()
    generated = np.stack([cv2.GaussianBlur(image, (5, 5), 1.5) for image in real])
    grey = glyph_structure(generated, real)["grey_share"]
    assert grey["real"] == 0.0
    assert grey["generated"] > 0.3


def test_unreadable_inputs_fail_with_a_clear_value_error():
    real = _characters()
    with pytest.raises(ValueError, match="generated images: the set is empty"):
        glyph_structure(real[:0], real)
    with pytest.raises(ValueError, match="generated images are 64x64 but real images are 128x128"):
        glyph_structure(_characters(64), real)
    with pytest.raises(ValueError, match=r"expected uint8 gray images shaped \(N, H, W\), got float32"):
        glyph_structure(real.astype(np.float32), real)
    with pytest.raises(ValueError, match="real images hold no ink"):
        glyph_structure(real, np.zeros_like(real))
    with pytest.raises(ValueError, match="together, or neither"):
        glyph_structure(real, real, generated_labels=np.zeros(len(real)))
    with pytest.raises(ValueError, match="share no class"):
        glyph_structure(real, real, generated_labels=np.zeros(len(real)), real_labels=np.ones(len(real)))


def test_a_blank_generated_set_has_no_width_or_grey_figure_rather_than_a_crash():
    real = _characters()
    result = glyph_structure(np.zeros_like(real), real)
    assert result["stroke_width"]["wasserstein_px"] is None
    assert result["stroke_width"]["median_px"]["generated"] is None
    assert result["wide_ink_share"]["generated"] is None
    assert result["grey_share"]["generated"] is None
    assert result["components"]["per_glyph"]["generated"] == 0.0
    assert json.loads(json.dumps(result)) == result

import cv2
import numpy as np
import pytest

from calligan.data.ink import INK_THRESHOLD, find_ink, ink_is_dark, ink_levels, ink_mask


def to_ink_on_black(gray, **kwargs):
    """The page through its levels table, as the prepare stage applies it; None when there is no ink."""
    levels = ink_levels(gray, **kwargs)
    return None if levels is None else cv2.LUT(gray, levels)


def test_both_polarities_reach_ink_on_black(draw):
    strokes = draw.character(128)
    competition = draw.on_paper(strokes, paper=230, ink=30, noise=4)
    cccr = strokes
    assert ink_is_dark(competition) and not ink_is_dark(cccr)
    from_paper = to_ink_on_black(competition, ink_dark=True, min_contrast=40)
    from_cccr = to_ink_on_black(cccr, ink_dark=False, min_contrast=40)
    np.testing.assert_array_equal(from_cccr, strokes)  # already the convention: untouched
    ink, paper = strokes > 0, strokes == 0
    assert from_paper[ink].mean() > 240 and np.median(from_paper[paper]) == 0


def test_polarity_holds_when_ink_crosses_the_border(draw):
    strokes = draw.character(128)
    strokes[:, :6] = 255  # heavy ink along two edges: half the border is ink, the page median decides
    strokes[:, -6:] = 255
    assert not ink_is_dark(strokes)
    assert ink_is_dark(255 - strokes)


def test_grey_paper_is_stretched_to_black_and_white(draw):
    strokes = draw.character(128)
    dull = draw.on_paper(strokes, paper=150, ink=60, noise=0)
    page = to_ink_on_black(dull, ink_dark=True, min_contrast=40)
    assert page[strokes > 0].min() == 255 and page[strokes == 0].max() == 0


@pytest.mark.parametrize("page", [np.full((64, 64), 200, np.uint8), np.random.default_rng(0).integers(195, 205, (64, 64)).astype(np.uint8)])
def test_pages_without_contrast_have_no_ink(page):
    assert ink_levels(page, ink_dark=True, min_contrast=40) is None


@pytest.mark.parametrize("ink_dark", [True, False])
def test_ink_mask_is_the_levels_table_thresholded(draw, ink_dark):
    strokes = draw.character(128)
    page = draw.on_paper(strokes, paper=210, ink=50, noise=12) if ink_dark else draw.on_paper(strokes, paper=40, ink=190, noise=12)
    levels = ink_levels(page, ink_dark=ink_dark, min_contrast=40)
    expected = (cv2.LUT(page, levels) >= INK_THRESHOLD).astype(np.uint8)
    np.testing.assert_array_equal(ink_mask(page, levels=levels), expected)
    assert 0 < expected.mean() < 0.5


def test_specks_are_erased_and_strokes_kept(draw):
    page = draw.character(200)
    rng = np.random.default_rng(1)
    specks = rng.integers(1, 199, (30, 2))
    clear = [(y, x) for y, x in specks if not page[y - 1 : y + 2, x - 1 : x + 2].any()]  # not touching a stroke
    specks = np.array(clear)
    page_with_specks = page.copy()
    page_with_specks[specks[:, 0], specks[:, 1]] = 255
    ink = find_ink(page_with_specks, speck_area=0.0003)
    clean = find_ink(page, speck_area=0.0003)
    np.testing.assert_array_equal(ink.image, page)
    assert ink.bbox() == clean.bbox()
    assert len(ink.ids) == len(clean.ids) >= 2  # strokes and dots, not specks
    assert abs(ink.ratio - (page > 127).mean()) < 1e-9


def test_an_empty_page_has_no_box():
    assert find_ink(np.zeros((32, 32), np.uint8), speck_area=0.0).bbox() is None

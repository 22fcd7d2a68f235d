import numpy as np

from calligan.data.components import find_ink


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

import dataclasses

import cv2
import numpy as np

from calligan.config.prepare import PrepareParams
from calligan.data.cleaning import clean

PARAMS = PrepareParams(image_size=32, reference_size=64)


def _page(draw, height=260, width=300):
    page = np.zeros((height, width), np.uint8)
    page[10:250, 30:270] = draw.character(240)
    return page


def test_competition_and_cccr_looks_give_the_same_training_image(draw):
    strokes = _page(draw)
    dark_jpeg = draw.encode(draw.on_paper(strokes, noise=3), "JPEG", quality=92)
    light_png = draw.encode(strokes, "PNG")
    a, b = clean(dark_jpeg, PARAMS), clean(light_png, PARAMS)
    assert a.status == b.status == "kept" and a.reason == ""
    assert (a.width, a.height) == (300, 260)
    assert set(a.images) == {32, 64} and a.images[32].shape == (32, 32) and a.images[64].shape == (64, 64)
    assert np.abs(a.images[64].astype(int) - b.images[64]).mean() < 6
    assert a.images[32][0].max() < 40 and a.images[32].max() > 200  # black margin, bright ink
    assert 0.02 < a.ink_ratio < 0.2


def test_crop_fills_the_square(draw):
    small = np.zeros((400, 400), np.uint8)  # a character over half the side: a fifth of it would hold too little ink (blank)
    small[100:300, 100:300] = cv2.resize(draw.character(240), (200, 200), interpolation=cv2.INTER_AREA)
    out = clean(draw.encode(small), PARAMS).images[32]
    rows, cols = np.nonzero(out > 127)
    assert max(rows.max() - rows.min(), cols.max() - cols.min()) >= 26  # the ink spans the square, less the margin


def test_forced_polarity(draw):
    strokes = draw.encode(_page(draw))
    assert clean(strokes, dataclasses.replace(PARAMS, polarity="light-ink")).status == "kept"
    wrong = clean(strokes, dataclasses.replace(PARAMS, polarity="dark-ink"))
    assert wrong.status == "rejected"  # the paper read as ink fills the page


def test_dirty_and_broken_inputs(draw):
    page = _page(draw)
    cv2.rectangle(page, (3, 3), (296, 256), 255, 2)
    framed = clean(draw.encode(page), PARAMS)
    assert (framed.status, framed.reason) == ("rejected", "frame")
    assert framed.preview.shape == (96, 96) and not framed.images
    blank = clean(draw.encode(np.full((80, 90), 220, np.uint8)), PARAMS)
    assert (blank.status, blank.reason, blank.width) == ("rejected", "blank", 90)
    assert (clean(b"", PARAMS).status, clean(b"", PARAMS).reason) == ("unreadable", "empty")
    assert clean(None, PARAMS).reason == "read_error"


def test_idx_digits_keep_geometry_and_levels():
    digit = np.zeros((28, 28), np.uint8)
    digit[5:23, 12:16] = 200
    out = clean(digit, dataclasses.replace(PARAMS, reference_size=28))
    assert out.status == "kept"
    np.testing.assert_array_equal(out.images[28], digit)
    np.testing.assert_array_equal(out.images[32][2:30, 2:30], digit)
    assert clean(np.zeros((28, 28), np.uint8), PARAMS).reason == "blank"


def test_a_reference_at_the_training_size_makes_only_that_size(draw):
    out = clean(draw.encode(_page(draw), "JPEG"), dataclasses.replace(PARAMS, reference_size=32))
    assert out.status == "kept" and set(out.images) == {32}

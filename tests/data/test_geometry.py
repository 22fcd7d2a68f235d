import numpy as np

from calligan.data.geometry import crop_square, fit_digit, pad_square, resize


def test_crop_square_centres_the_ink_with_a_margin():
    page = np.zeros((100, 200), np.uint8)
    page[20:60, 150:170] = 255  # 20 wide, 40 tall
    square = crop_square(page, (150, 20, 170, 60), margin=0.1)
    assert square.shape == (48, 48)  # 40 + 2 * 4
    rows, cols = np.nonzero(square)
    assert (rows.min(), rows.max()) == (4, 43)
    assert (cols.min(), cols.max()) == (14, 33)


def test_crop_square_pads_past_the_page_edge_with_black():
    page = np.zeros((50, 50), np.uint8)
    page[:10] = 255  # ink along the top edge: the square reaches above the page
    square = crop_square(page, (0, 0, 50, 10), margin=0.0)
    assert square.shape == (50, 50)
    assert square[:20].max() == 0 and square[20:30].min() == 255 and square[30:].max() == 0


def test_pad_square_and_resize():
    page = np.full((30, 60), 200, np.uint8)
    square = pad_square(page)
    assert square.shape == (60, 60) and square[15:45].min() == 200 and square[:15].max() == 0
    assert resize(square, 20).shape == (20, 20)
    assert resize(square, 128).shape == (128, 128)
    assert resize(square, 60) is square


def test_area_filter_keeps_ink_mass():
    square = np.zeros((256, 256), np.uint8)
    square[64:192, 100:116] = 255
    small = resize(square, 64)
    assert abs(small.astype(float).sum() * 16 - square.astype(float).sum()) / square.sum() < 0.01


def test_digits_keep_their_geometry():
    digit = np.arange(28 * 28, dtype=np.uint32).astype(np.uint8).reshape(28, 28)
    assert fit_digit(digit, 28) is digit
    padded = fit_digit(digit, 32)
    np.testing.assert_array_equal(padded[2:30, 2:30], digit)
    assert padded[:2].max() == 0 and padded[:, :2].max() == 0
    assert fit_digit(digit, 64).shape == (64, 64)

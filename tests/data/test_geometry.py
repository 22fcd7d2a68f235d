import cv2
import numpy as np

from calligan.data.geometry import crop_square, fit_digit, pad_square, resize, resize_all, scale_box, shrink


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


def test_shrink_keeps_the_aspect_and_adds_no_edge_lines():
    paper = np.full((301, 257), 230, np.uint8)  # light paper, odd sides: the halving step pads them
    small = shrink(paper, 64)
    assert max(small.shape) == 64 and abs(small.shape[0] / small.shape[1] - 301 / 257) < 0.02
    assert small.min() == 230  # no dark rim from the padding
    assert shrink(paper, 400) is paper


def test_scale_box_grows_to_whole_pixels():
    assert scale_box((10, 20, 30, 40), source=(100, 50), target=(300, 100)) == (20, 60, 60, 120)
    assert scale_box((1, 1, 3, 3), source=(3, 3), target=(10, 10)) == (3, 3, 10, 10)


def test_resize_all_averages_smaller_sizes_from_larger_ones():
    square = np.random.default_rng(0).integers(0, 256, (200, 200)).astype(np.uint8)
    images = resize_all(square, [64, 128, 100])
    assert {size: image.shape for size, image in images.items()} == {64: (64, 64), 100: (100, 100), 128: (128, 128)}
    np.testing.assert_array_equal(images[64], resize(images[128], 64))  # 64 divides 128
    np.testing.assert_array_equal(images[100], resize(square, 100))  # 100 divides nothing made: from the square


def test_shrinking_by_any_factor_stays_an_area_average(draw):
    page = draw.character(300, thickness=9)  # anti-aliased strokes: a factor of 2.34 to 128, then 4.7 to 64
    for size in (128, 64):
        ours = resize(page, size).astype(np.float64)
        area = cv2.resize(page, (size, size), interpolation=cv2.INTER_AREA).astype(np.float64)
        assert abs(ours.sum() - area.sum()) / area.sum() < 0.01  # ink mass kept
        assert np.abs(ours - area).mean() < 1.5  # grey levels, on a 0..255 page
    np.testing.assert_array_equal(resize(page[:256, :256], 128), cv2.resize(page[:256, :256], (128, 128), interpolation=cv2.INTER_AREA))

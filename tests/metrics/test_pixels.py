import numpy as np

from calligan.metrics.pixels import downscaled, random_pairs, ssim


def test_pairs_never_pair_an_image_with_itself():
    first, second = random_pairs(3, pairs=500, rng=np.random.default_rng(0))
    assert (first != second).all()
    assert set(first) == set(second) == {0, 1, 2}


def test_thumbnails_are_flat_unit_floats(strokes):
    thumbs = downscaled(strokes(3, size=16), size=4)
    assert thumbs.shape == (3, 16) and thumbs.dtype == np.float32
    assert 0.0 <= thumbs.min() and thumbs.max() <= 1.0


def test_ssim_of_an_image_with_itself_is_one(strokes):
    image = strokes(1)[0]
    assert ssim(image, image) == 1.0
    assert ssim(image, 255 - image) < 0

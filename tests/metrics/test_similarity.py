"""Chunked nearest-neighbour search against brute force, thumbnails, SSIM."""

import numpy as np
from scipy.spatial.distance import cdist

from calligan.metrics import similarity
from calligan.metrics.similarity import downscaled, kth_neighbour_distance, nearest_neighbour, ssim


def test_chunked_search_equals_brute_force(monkeypatch):
    monkeypatch.setattr(similarity, "CHUNK_ROWS", 7)
    rng = np.random.default_rng(0)
    queries, references = rng.normal(size=(20, 5)), rng.normal(size=(13, 5))
    full = cdist(queries, references)
    distances, indices = nearest_neighbour(queries, references, exclude_self=False)
    np.testing.assert_allclose(distances, full.min(axis=1))
    np.testing.assert_array_equal(indices, full.argmin(axis=1))

    within = cdist(queries, queries)
    np.fill_diagonal(within, np.inf)
    distances, indices = nearest_neighbour(queries, queries, exclude_self=True)
    np.testing.assert_allclose(distances, within.min(axis=1))
    np.testing.assert_array_equal(indices, within.argmin(axis=1))
    np.testing.assert_allclose(kth_neighbour_distance(queries, k=3), np.sort(within, axis=1)[:, 2])


def test_thumbnails_are_flat_unit_floats(strokes):
    thumbs = downscaled(strokes(3, size=16), size=4)
    assert thumbs.shape == (3, 16) and thumbs.dtype == np.float32
    assert 0.0 <= thumbs.min() and thumbs.max() <= 1.0


def test_ssim_of_an_image_with_itself_is_one(strokes):
    image = strokes(1)[0]
    assert ssim(image, image) == 1.0
    assert ssim(image, 255 - image) < 0

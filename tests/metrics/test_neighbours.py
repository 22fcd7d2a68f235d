import numpy as np
from scipy.spatial.distance import cdist

from calligan.metrics import neighbours
from calligan.metrics.neighbours import kth_neighbour_distance, nearest_neighbour


def test_chunked_search_equals_brute_force(monkeypatch):
    monkeypatch.setattr(neighbours, "CHUNK_ROWS", 7)
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

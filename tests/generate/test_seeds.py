from __future__ import annotations

import numpy as np

from calligan.generate.seeds import image_seeds


def test_seeds_are_reproducible_distinct_and_non_negative():
    seeds = image_seeds(seed=7, count=1000)
    assert seeds.dtype == np.int64 and np.all(seeds >= 0)
    assert len(np.unique(seeds)) == 1000
    assert np.array_equal(seeds, image_seeds(seed=7, count=1000))


def test_a_longer_set_extends_a_shorter_one_and_other_runs_do_not_overlap():
    assert np.array_equal(image_seeds(seed=7, count=50)[:10], image_seeds(seed=7, count=10))
    assert not set(image_seeds(seed=0, count=500)) & set(image_seeds(seed=1, count=500))

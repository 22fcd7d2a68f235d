import numpy as np

from calligan.metrics.context import MetricContext
from calligan.metrics.duplicates import near_duplicates


def test_copies_inside_the_generated_set_are_counted(strokes):
    unique = strokes(4, size=32, seed=1)
    fake = np.concatenate([unique, unique[:1], unique[:1]])  # image 0 three times: 3 of 6 have a twin
    ctx = MetricContext(real=strokes(10, size=32, seed=2), fake=fake)
    got = near_duplicates(ctx, size=8)
    assert got["near_duplicate_rate"] == 0.5
    assert got["near_duplicate_rate_real"] == 0.0
    assert (got["fake_count"], got["real_count"]) == (6, 6)
    assert "SSIM" in got["rule"] and "8x8" in got["rule"]


def test_closest_pairs_list_each_twin_pair_once(strokes):
    unique = strokes(4, size=32, seed=1)
    fake = np.concatenate([unique, unique[2:3]])  # images 2 and 4 are twins, each the other's nearest
    ctx = MetricContext(real=strokes(10, size=32, seed=2), fake=fake)
    got = near_duplicates(ctx, closest=3)
    assert sorted(got["closest"][0][:2]) == [2, 4] and got["closest"][0][2] == 0.0
    assert len(got["closest"]) == 3
    assert all(sorted(pair[:2]) != [2, 4] for pair in got["closest"][1:])

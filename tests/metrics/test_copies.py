"""Near copies by one rule: near duplicates inside the generated set, memorisation of training images."""

import numpy as np

from calligan.metrics.context import MetricContext
from calligan.metrics.copies import memorisation, near_duplicates


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


def test_generated_copies_of_training_images_are_memorised(strokes):
    train = strokes(12, size=32)
    fake = np.concatenate([train[[3, 7]], strokes(2, size=32, seed=9)])
    got = memorisation(MetricContext(real=train, fake=fake))
    assert got["memorisation_rate"] == 0.5
    assert 0 < got["nearest_train_rms_mean"] < 0.5
    assert (got["fake_count"], got["train_count"]) == (4, 12)
    assert "> 0.95" in got["rule"]


def test_closest_pairs_name_the_copied_training_images(strokes):
    train = strokes(12, size=32)
    fake = np.concatenate([strokes(2, size=32, seed=9), train[[7]], train[[3]]])
    got = memorisation(MetricContext(real=train, fake=fake), closest=3)
    assert [pair[:2] for pair in got["closest"][:2]] == [[2, 7], [3, 3]]  # exact copies first, a tie kept in order
    assert [pair[2] for pair in got["closest"][:2]] == [0.0, 0.0] and got["closest"][0][3] > 0.999
    assert len(got["closest"]) == 3 and got["closest"][2][2] > 0

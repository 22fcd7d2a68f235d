import numpy as np

from calligan.metrics.context import MetricContext
from calligan.metrics.memorisation import memorisation


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

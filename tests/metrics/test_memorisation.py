import numpy as np

from calligan.metrics import MetricContext, compute_metrics


def test_generated_copies_of_training_images_are_memorised(strokes):
    train = strokes(12, size=32)
    fake = np.concatenate([train[[3, 7]], strokes(2, size=32, seed=9)])
    got = compute_metrics(MetricContext(real=train, fake=fake), {"memorisation": {}})["memorisation"]
    assert got["memorisation_rate"] == 0.5
    assert 0 < got["nearest_train_rms_mean"] < 0.5
    assert (got["fake_count"], got["train_count"]) == (4, 12)
    assert "> 0.95" in got["rule"]

import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.metrics.context import MetricContext
from calligan.metrics.fid import fid
from calligan.metrics.floor import fid_floor, real_floor_fid
from calligan.metrics.floor import real_floor_fid
from calligan.metrics.stats import feature_stats, frechet_distance


def test_halves_of_one_distribution_sit_near_zero_and_are_seeded():
    features = np.random.default_rng(0).normal(size=(401, 4))
    result = real_floor_fid(features, seed=0)
    assert result["count"] == 200
    assert 0 < result["fid_floor"] < 0.2
    assert real_floor_fid(features, seed=0) == result
    assert real_floor_fid(features, seed=1) != result


def test_with_as_many_other_real_images_the_floor_is_at_the_scored_n(toy_features, strokes):
    real, other = strokes(20), strokes(20, seed=2)
    ctx = MetricContext(real=real, fake=strokes(20, seed=1), extract=toy_features, floor_real=other)
    floor = fid_floor(ctx)
    assert floor["count"] == 20
    expected = frechet_distance(feature_stats(toy_features(real), what="a"), feature_stats(toy_features(other), what="b"))
    assert floor["fid_floor"] == pytest.approx(expected)


def test_the_floor_reuses_the_real_features(toy_features, strokes):
    ctx = MetricContext(real=strokes(20), fake=strokes(20, seed=1), extract=toy_features)
    fid(ctx)
    fid_floor(ctx)
    assert toy_features.calls == 2


def test_the_floor_needs_two_images_per_half():
    with pytest.raises(CalliganError, match="needs at least 4 real images, got 3"):
        real_floor_fid(np.zeros((3, 4)), seed=0)

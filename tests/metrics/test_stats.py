import numpy as np
import pytest
from pytorch_fid.fid_score import calculate_frechet_distance

from calligan.errors import CalliganError
from calligan.metrics.stats import feature_stats, frechet_distance


def test_statistics_are_pytorch_fids_mean_and_covariance():
    features = np.random.default_rng(0).normal(size=(20, 5))
    stats = feature_stats(features, what="x")
    np.testing.assert_allclose(stats.mu, features.mean(axis=0))
    np.testing.assert_allclose(stats.sigma, np.cov(features, rowvar=False))
    assert stats.count == 20


@pytest.mark.filterwarnings("ignore:The `disp` argument is deprecated:DeprecationWarning")  # inside pytorch-fid
@pytest.mark.parametrize("count", [12, 200])
def test_frechet_distance_agrees_with_pytorch_fid(count):
    """Rank-deficient (12 < 32 dims) and full-rank covariances both match scipy's sqrtm route."""
    rng = np.random.default_rng(count)
    a = feature_stats(rng.normal(size=(count, 32)), what="a")
    b = feature_stats(rng.normal(loc=0.3, scale=1.5, size=(count, 32)), what="b")
    expected = calculate_frechet_distance(a.mu, a.sigma, b.mu, b.sigma)
    assert frechet_distance(a, b) == pytest.approx(expected, rel=1e-6)


def test_identical_statistics_are_at_distance_zero():
    a = feature_stats(np.random.default_rng(3).normal(size=(50, 8)), what="a")
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-9)


def test_one_sample_has_no_covariance():
    with pytest.raises(CalliganError, match="FID needs at least 2 generated images, got 1"):
        feature_stats(np.zeros((1, 4)), what="generated images")

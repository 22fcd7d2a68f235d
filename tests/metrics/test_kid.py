import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.metrics.kid import kernel_inception_distance


def _features(count: int, *, seed: int, shift: float = 0.0) -> np.ndarray:
    return np.random.default_rng(seed).normal(loc=shift, size=(count, 16))


def test_kid_is_near_zero_for_one_distribution_and_large_for_a_shifted_one():
    same = kernel_inception_distance(_features(300, seed=0), _features(300, seed=1), subset_size=100, subsets=20, seed=0)
    shifted = kernel_inception_distance(
        _features(300, seed=0), _features(300, seed=1, shift=1.0), subset_size=100, subsets=20, seed=0
    )
    assert abs(same["kid_mean"]) < 3 * same["kid_std"] + 1e-3
    assert shifted["kid_mean"] > 100 * abs(same["kid_mean"])


def _definition(real: np.ndarray, fake: np.ndarray) -> float:
    """Bińkowski et al.'s unbiased MMD² with k(x, y) = (x·y/d + 1)³, written out."""
    kernel = lambda x, y: (x @ y.T / x.shape[1] + 1) ** 3  # noqa: E731
    kxx, kyy, kxy = kernel(real, real), kernel(fake, fake), kernel(real, fake)
    off = ~np.eye(len(real), dtype=bool)
    return kxx[off].mean() + kyy[off].mean() - 2 * kxy.mean()


def test_unbiased_estimate_matches_the_definition_on_one_subset():
    real, fake = _features(5, seed=2), _features(5, seed=3)
    got = kernel_inception_distance(real, fake, subset_size=5, subsets=1, seed=0)
    assert got["kid_mean"] == pytest.approx(_definition(real, fake))
    assert got["kid_std"] == 0.0


def test_subsets_are_fresh_draws_whose_mean_is_the_whole_sets_estimate_and_std_their_spread():
    """Each subset is drawn without replacement, independently on each side, so the subset values
    average to the whole sets' estimate (a U-statistic), and kid_std is their spread."""
    rng = np.random.default_rng(4)
    real = rng.normal(size=(40, 16))
    # Each fake is a noisy copy of the real with its index: subsets drawn with one set of indices for
    # both sides would pair them up and score far below the whole sets.
    fake = real + 0.5 * rng.normal(size=(40, 16))
    subsets, size = 400, 10
    got = kernel_inception_distance(real, fake, subset_size=size, subsets=subsets, seed=0)
    assert got["kid_mean"] == pytest.approx(_definition(real, fake), abs=4 * got["kid_std"] / subsets**0.5)
    draws = np.random.default_rng(100)
    values = [_definition(real[draws.choice(40, size, replace=False)], fake[draws.choice(40, size, replace=False)])
              for _ in range(subsets)]
    assert got["kid_std"] == pytest.approx(np.std(values), rel=0.2)

    assert kernel_inception_distance(real, fake, subset_size=size, subsets=subsets, seed=0) == got
    assert kernel_inception_distance(real, fake, subset_size=size, subsets=subsets, seed=1)["kid_mean"] != got["kid_mean"]


def test_the_subset_size_is_clipped_to_the_samples_and_reported():
    got = kernel_inception_distance(_features(7, seed=0), _features(9, seed=1), subset_size=1000, subsets=2, seed=0)
    assert (got["subset_size"], got["subsets"], got["real_count"], got["fake_count"]) == (7, 2, 7, 9)


def test_bad_subset_arguments_are_refused():
    with pytest.raises(CalliganError, match="subsets >= 1"):
        kernel_inception_distance(_features(4, seed=0), _features(4, seed=1), subset_size=4, subsets=0, seed=0)
    with pytest.raises(CalliganError, match="KID needs at least 2 generated images, got 1"):
        kernel_inception_distance(_features(4, seed=0), _features(1, seed=1), subset_size=4, subsets=1, seed=0)

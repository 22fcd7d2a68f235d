import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.metrics.prdc import prdc


def test_identical_sets_have_full_precision_recall_coverage_and_unit_density():
    features = np.random.default_rng(0).normal(size=(60, 8))
    got = prdc(features, features.copy(), k=5)
    assert (got["precision"], got["recall"], got["prdc_coverage"]) == (1.0, 1.0, 1.0)
    assert got["density"] == pytest.approx(1.0)
    assert (got["k"], got["real_count"], got["fake_count"]) == (5, 60, 60)


def test_disjoint_sets_have_nothing_in_common():
    rng = np.random.default_rng(1)
    got = prdc(rng.normal(size=(50, 8)), rng.normal(loc=20.0, size=(40, 8)), k=5)
    assert got["precision"] == got["recall"] == got["density"] == got["prdc_coverage"] == 0.0


def test_a_collapsed_generator_is_precise_but_covers_little():
    rng = np.random.default_rng(2)
    real = rng.normal(size=(200, 4))
    collapsed = real[0] + 0.01 * rng.normal(size=(50, 4))
    got = prdc(real, collapsed, k=5)
    assert got["precision"] == 1.0
    assert got["recall"] < 0.1 and got["prdc_coverage"] < 0.1


def test_k_neighbours_need_k_plus_one_samples():
    with pytest.raises(CalliganError, match="precision/recall with k=5 needs at least 6 real images, got 5"):
        prdc(np.zeros((5, 2)), np.zeros((10, 2)), k=5)


def test_a_hand_computed_case_where_all_four_differ():
    """Naeem et al.'s definitions by hand on a line, k=1 (no distance ties a ball's radius).

    real 5, 11, 17, 18: ball radii (distance to the nearest other real) 6, 6, 1, 1.
    fake 7.5, 8.5, 9.5, 12.5: ball radii 1, 1, 1, 3.
    precision: every fake lies in the ball of 5 or 11 -> 4/4.
    recall: only real 11 lies in a fake ball (12.5's, 1.5 < 3) -> 1/4.
    density: 7.5, 8.5, 9.5 each lie in the balls of 5 and 11, 12.5 in 11's -> 7 / (1 x 4).
    coverage: the balls of 5 and 11 hold a fake, those of 17 and 18 none -> 2/4.
    """
    real = np.array([[5.0], [11.0], [17.0], [18.0]])
    fake = np.array([[7.5], [8.5], [9.5], [12.5]])
    got = prdc(real, fake, k=1)
    assert (got["precision"], got["recall"], got["density"], got["prdc_coverage"]) == (1.0, 0.25, 1.75, 0.5)

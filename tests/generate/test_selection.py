from __future__ import annotations

import numpy as np
import pytest

from calligan.generate.balance import balanced_labels
from calligan.generate.selection import select_best


def _candidates(drawn: int, num_classes: int, *, seed: int = 0):
    scores = np.random.default_rng(seed).normal(size=drawn)
    return scores, balanced_labels(count=drawn, num_classes=num_classes)


@pytest.mark.parametrize(("drawn", "count", "num_classes"), [(60, 30, 3), (25, 10, 3), (31, 30, 4), (7, 7, 7)])
def test_every_class_keeps_its_share_of_its_own_best_candidates(drawn, count, num_classes):
    scores, labels = _candidates(drawn, num_classes)
    kept = select_best(scores, labels=labels, count=count, num_classes=num_classes)
    assert kept.dtype == np.int64 and len(np.unique(kept)) == count  # no candidate twice
    # The balance of an unselected set of `count`, in its cycling order.
    assert np.array_equal(labels[kept], balanced_labels(count=count, num_classes=num_classes))
    for label in range(num_classes):
        mine = np.flatnonzero(labels == label)
        chosen = kept[labels[kept] == label]
        worst_kept, best_dropped = scores[chosen].min(), np.max(scores[np.setdiff1d(mine, chosen)], initial=-np.inf)
        assert worst_kept > best_dropped
        assert np.array_equal(chosen, np.sort(chosen))  # draw order within the class


def test_selection_is_a_function_of_the_scores_alone():
    scores, labels = _candidates(200, 5, seed=1)
    first = select_best(scores, labels=labels, count=100, num_classes=5)
    assert np.array_equal(first, select_best(scores.copy(), labels=labels.copy(), count=100, num_classes=5))


def test_ties_go_to_the_earlier_draw_and_nothing_is_taken_twice():
    kept = select_best(np.zeros(12), labels=balanced_labels(count=12, num_classes=3), count=6, num_classes=3)
    assert kept.tolist() == [0, 1, 2, 3, 4, 5]
    assert select_best(np.ones(10), labels=None, count=4, num_classes=0).tolist() == [0, 1, 2, 3]


def test_unconditional_keeps_the_best_overall_in_draw_order():
    scores = np.array([0.1, 5.0, -2.0, 3.0, np.nan, 4.0])
    assert select_best(scores, labels=None, count=3, num_classes=0).tolist() == [1, 3, 5]


def test_a_nan_score_ranks_last():
    scores = np.array([np.nan, -10.0, np.nan, -20.0])
    assert select_best(scores, labels=None, count=2, num_classes=0).tolist() == [1, 3]


def test_more_images_than_candidates_is_refused():
    scores, labels = _candidates(5, 5)
    with pytest.raises(ValueError, match="cannot keep"):
        select_best(scores, labels=labels, count=10, num_classes=5)

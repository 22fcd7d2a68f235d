from __future__ import annotations

import numpy as np
import pytest

from calligan.generate.balance import balanced_labels


def test_labels_are_balanced_and_every_prefix_cycles_through_the_classes():
    labels = balanced_labels(count=30, num_classes=3)
    assert labels.dtype == np.int64
    assert np.bincount(labels).tolist() == [10, 10, 10]
    assert labels[:3].tolist() == [0, 1, 2] and labels[3:6].tolist() == [0, 1, 2]


def test_remainder_goes_one_each_to_the_lowest_classes():
    assert np.bincount(balanced_labels(count=10, num_classes=4), minlength=4).tolist() == [3, 3, 2, 2]


def test_no_classes_is_an_error():
    with pytest.raises(ValueError):
        balanced_labels(count=10, num_classes=0)

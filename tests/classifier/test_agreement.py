"""InfoGAN's code-class agreement on cases whose answer is known."""

import numpy as np
import pytest

from calligan.classifier.agreement import code_class_agreement


def test_a_relabelled_but_perfect_code_agrees_fully():
    predicted = np.array([3, 3, 7, 7, 1, 1])
    codes = np.array([0, 0, 1, 1, 2, 2])  # code 0 -> class 3, 1 -> 7, 2 -> 1: a permutation is fine
    result = code_class_agreement(codes, predicted)
    assert result["agreement"] == 1.0 and result["mapping"] == {0: 3, 1: 7, 2: 1}
    assert result["distinct_classes"] == 3 and result["n_codes"] == 3 and result["n_images"] == 6


def test_each_code_counts_its_majority_class_only():
    codes = np.array([0] * 4 + [1] * 4)
    predicted = np.array([5, 5, 5, 2, 2, 2, 9, 9])  # code 0: 3 of 4 agree; code 1: 2 of 4 (tie -> lower class)
    result = code_class_agreement(codes, predicted)
    assert result["agreement"] == pytest.approx(5 / 8)
    assert result["mapping"] == {0: 5, 1: 2}


def test_a_code_unrelated_to_the_class_agrees_at_chance():
    rng = np.random.default_rng(0)
    result = code_class_agreement(rng.integers(0, 10, 5000), rng.integers(0, 10, 5000))
    assert result["agreement"] < 0.2


def test_codes_that_collapse_onto_one_class_are_visible():
    result = code_class_agreement(np.array([0, 1, 2, 0, 1, 2]), np.array([4, 4, 4, 4, 4, 4]))
    assert result["agreement"] == 1.0 and result["distinct_classes"] == 1


def test_mismatched_inputs_are_refused():
    with pytest.raises(ValueError, match="equal-length"):
        code_class_agreement(np.array([0, 1]), np.array([0]))

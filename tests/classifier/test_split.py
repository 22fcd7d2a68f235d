import numpy as np
import pytest

from calligan.classifier.split import labels_fingerprint, per_class_subset, stratified_split

LABELS = np.repeat(np.arange(4), [10, 20, 5, 1])


def test_every_class_holds_out_its_share():
    train, test = stratified_split(LABELS, test_fraction=0.2, seed=0)
    assert np.bincount(LABELS[test], minlength=4).tolist() == [2, 4, 1, 0]
    assert np.intersect1d(train, test).size == 0
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(len(LABELS)))


def test_split_depends_on_the_seed_only():
    first = stratified_split(LABELS, test_fraction=0.2, seed=0)[1]
    assert np.array_equal(first, stratified_split(LABELS, test_fraction=0.2, seed=0)[1])
    assert not np.array_equal(first, stratified_split(LABELS, test_fraction=0.2, seed=1)[1])


def test_fraction_outside_zero_one_is_rejected():
    with pytest.raises(ValueError, match="between 0 and 1"):
        stratified_split(LABELS, test_fraction=1.0, seed=0)


def test_subset_takes_at_most_k_per_class():
    picked = per_class_subset(LABELS, k=3, seed=0)
    assert np.bincount(LABELS[picked], minlength=4).tolist() == [3, 3, 3, 1]


def test_fingerprint_tells_label_arrays_apart():
    assert labels_fingerprint(LABELS) == labels_fingerprint(LABELS.copy())
    assert labels_fingerprint(LABELS) != labels_fingerprint(LABELS[::-1])

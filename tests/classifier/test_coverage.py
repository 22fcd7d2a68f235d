import numpy as np
import pytest

from calligan.classifier.coverage import coverage_stats

K = 4


def test_one_class_only_covers_one_over_k_with_zero_entropy():
    probs = np.eye(K)[np.zeros(12, dtype=int)]
    stats = coverage_stats(probs, min_count=1, confidence=0.5)
    assert stats["class_coverage"] == pytest.approx(1 / K)
    assert stats["entropy_normalised"] == pytest.approx(0.0)
    assert stats["effective_classes"] == pytest.approx(1.0)
    assert stats["n_images"] == 12


def test_balanced_predictions_cover_everything_with_full_entropy():
    probs = np.eye(K)[np.arange(12) % K]
    stats = coverage_stats(probs, min_count=3, confidence=0.5)
    assert stats["class_coverage"] == 1.0
    assert stats["entropy_normalised"] == pytest.approx(1.0)
    assert stats["effective_classes"] == pytest.approx(K)


def test_min_count_and_confidence_shrink_coverage():
    probs = np.full((8, K), 0.1)
    probs[np.arange(8), [0, 0, 0, 0, 0, 0, 1, 2]] = 0.7
    probs[7] = [0.3, 0.2, 0.35, 0.15]  # class 2 only by a hair
    stats = coverage_stats(probs, min_count=2, confidence=0.5)
    assert stats["class_coverage"] == pytest.approx(1 / K)
    assert stats["confident_share"] == pytest.approx(7 / 8)
    assert coverage_stats(probs, min_count=1, confidence=0.5)["confident_class_coverage"] == pytest.approx(2 / K)

"""How many classes a set of images spans, read from the classifier's predicted probabilities."""

from __future__ import annotations

import numpy as np


def coverage_stats(probs: np.ndarray, *, min_count: int, confidence: float) -> dict:
    """Class coverage and entropy of the predicted classes of N images, from their (N, K) probabilities.

    min_count: predictions a class needs to count as made; confidence: probability above which a
    prediction counts as confident (garbage spread thinly over many classes is not coverage).
    """
    n, k = probs.shape
    if n == 0:
        raise ValueError("coverage of zero images is undefined")
    predicted = probs.argmax(axis=1)
    sure = probs.max(axis=1) >= confidence
    counts = np.bincount(predicted, minlength=k)
    sure_counts = np.bincount(predicted[sure], minlength=k)
    share = counts[counts > 0] / n
    entropy = float(-(share * np.log(share)).sum())
    return {
        "n_images": int(n),
        "n_classes": int(k),
        "min_count": int(min_count),
        "class_coverage": float((counts >= min_count).mean()),
        "confidence": float(confidence),
        "confident_share": float(sure.mean()),
        "confident_class_coverage": float((sure_counts >= min_count).mean()),
        "entropy_normalised": entropy / float(np.log(k)) if k > 1 else 0.0,
        "effective_classes": float(np.exp(entropy)),
    }

"""How well an unsupervised categorical code captures the classes: InfoGAN's code-class agreement."""

from __future__ import annotations

import numpy as np


def code_class_agreement(codes: np.ndarray, predicted: np.ndarray) -> dict:
    """Map each code value to the class the real-data classifier predicts most often for it; the share
    of samples whose predicted class is their code's class (Chen et al. report ~95 % on MNIST).

    codes: int (N,) InfoGAN categorical codes; predicted: int (N,) the classifier's classes for the same
    images. `distinct_classes` counts the classes the codes map to: an agreement reached with fewer
    distinct classes than codes means several codes draw the same class.
    """
    codes, predicted = np.asarray(codes, dtype=np.int64), np.asarray(predicted, dtype=np.int64)
    if codes.shape != predicted.shape or codes.ndim != 1 or not len(codes):
        raise ValueError(f"codes and predictions must be equal-length non-empty vectors, got {codes.shape} "
                         f"and {predicted.shape}")
    values = np.unique(codes)
    mapping = {int(c): int(np.bincount(predicted[codes == c]).argmax()) for c in values}
    agreed = predicted == np.array([mapping[int(c)] for c in codes])
    return {"agreement": float(agreed.mean()), "n_images": int(len(codes)), "n_codes": int(len(values)),
            "distinct_classes": len(set(mapping.values())), "mapping": mapping}

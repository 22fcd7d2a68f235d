"""Class labels for a conditional generator: every class equally often."""

from __future__ import annotations

import numpy as np


def balanced_labels(*, count: int, num_classes: int) -> np.ndarray:
    """int64 (count,) labels cycling 0, 1, ..., num_classes - 1, 0, 1, ...

    Cycling keeps every prefix balanced too, so a metric that scores the first n images sees all
    classes. When num_classes does not divide count, the remainder goes one each to the lowest class
    indices: no two classes differ by more than one image.
    """
    if num_classes < 1:
        raise ValueError(f"num_classes must be at least 1, got {num_classes}")
    return np.arange(count, dtype=np.int64) % num_classes

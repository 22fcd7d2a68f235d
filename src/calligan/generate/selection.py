"""Keep the best-scored images of an oversampled set (rejection sampling by rank, per class)."""

from __future__ import annotations

import numpy as np

from calligan.generate.balance import balanced_labels


def _best(scores: np.ndarray, pool: np.ndarray, *, count: int) -> np.ndarray:
    """The `count` best of the candidates `pool`, back in draw order.

    A stable sort of the negated scores breaks ties towards the earlier draw and ranks NaN last, so
    the choice depends on the scores alone and a broken score never wins a place.
    """
    if len(pool) < count:
        raise ValueError(f"cannot keep {count} of {len(pool)} candidates")
    return np.sort(pool[np.argsort(-scores[pool], kind="stable")[:count]])


def select_best(scores: np.ndarray, *, labels: np.ndarray | None, count: int, num_classes: int) -> np.ndarray:
    """Indices (int64, `count`, all distinct) of the candidates to keep: higher score is better.

    scores: float (M,), one per drawn candidate; labels: int (M,) intended classes of a conditional
    model (`balanced_labels` over the M candidates), or None: the best `count` overall, in draw order.
    With labels every class keeps as many images as an unselected set of `count` would hold, chosen
    among its own candidates only (a critic's or classifier's scores are not comparable across
    classes), and the kept images are ordered so that their labels cycle 0, 1, ... as
    `balanced_labels(count)` does: every prefix stays balanced.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if labels is None:
        return _best(scores, np.arange(len(scores)), count=count)
    wanted = balanced_labels(count=count, num_classes=num_classes)
    kept = np.empty(count, dtype=np.int64)
    for label in range(num_classes):
        slots = np.flatnonzero(wanted == label)
        kept[slots] = _best(scores, np.flatnonzero(labels == label), count=len(slots))
    return kept

"""Precision, recall, density and coverage (Naeem et al. 2020) on k-nearest-neighbour balls of features.

Precision: share of generated samples inside some real sample's k-NN ball (fidelity).
Recall: share of real samples inside some generated sample's k-NN ball (diversity).
Density: how many real balls a generated sample falls in, over k, averaged (can exceed 1).
Coverage: share of real samples whose ball holds at least one generated sample.
"""

from __future__ import annotations

import numpy as np

from calligan.metrics.context import MetricContext, MetricResult
from calligan.metrics.similarity import distance_blocks, kth_neighbour_distance
from calligan.metrics.stats import require_count


def require_prdc_counts(real_count: int, fake_count: int, *, k: int) -> None:
    """Each set needs k neighbours besides the point itself."""
    require_count(real_count, need=k + 1, what="real images", metric=f"precision/recall with k={k}")
    require_count(fake_count, need=k + 1, what="generated images", metric=f"precision/recall with k={k}")


def prdc(real: np.ndarray, fake: np.ndarray, *, k: int) -> MetricResult:
    """real, fake: (N, D) and (M, D) features; k: the neighbour rank that sets each ball's radius."""
    require_prdc_counts(len(real), len(fake), k=k)
    real_radii = kth_neighbour_distance(real, k=k)
    fake_radii = kth_neighbour_distance(fake, k=k)
    in_real_balls = 0
    balls_hit = 0
    real_recalled = np.zeros(len(real), dtype=bool)
    nearest_fake = np.full(len(real), np.inf)
    for start, d in distance_blocks(fake, real):
        d = d.numpy()
        inside = d < real_radii[None, :]
        in_real_balls += int(inside.any(axis=1).sum())
        balls_hit += int(inside.sum())
        real_recalled |= (d < fake_radii[start : start + len(d), None]).any(axis=0)
        nearest_fake = np.minimum(nearest_fake, d.min(axis=0))
    return {
        "precision": in_real_balls / len(fake),
        "recall": float(real_recalled.mean()),
        "density": balls_hit / (k * len(fake)),
        "prdc_coverage": float((nearest_fake < real_radii).mean()),
        "k": k,
        "real_count": len(real),
        "fake_count": len(fake),
    }


def prdc_metric(ctx: MetricContext, *, k: int = 5) -> MetricResult:
    require_prdc_counts(len(ctx.real), len(ctx.fake), k=k)
    return prdc(ctx.real_features(), ctx.fake_features(), k=k)

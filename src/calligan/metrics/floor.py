"""The FID floor: real against real, at the sample size the FID itself was scored at.

A generated set cannot be expected to beat this number at the same sample size; reporting it next
to the FID says how far from "indistinguishable" a score really is. FID falls as N grows, so the
floor is only comparable at the same N: the scored real images against as many other real ones.
When the data has no N more images, two halves of the scored ones stand in, and `count` says so.
"""

from __future__ import annotations

import numpy as np

from calligan.metrics.checks import require_count
from calligan.metrics.context import MetricContext, MetricResult
from calligan.metrics.stats import MIN_FID_SAMPLES, feature_stats, frechet_distance


def real_floor_fid(features: np.ndarray, *, seed: int) -> MetricResult:
    """FID between two disjoint, seeded random halves of one feature set (odd counts drop one sample).

    features: (N, D) features of the real images.
    seed: seeds the split.
    """
    require_count(len(features), need=2 * MIN_FID_SAMPLES, what="real images", metric="the real-vs-real FID floor")
    order = np.random.default_rng(seed).permutation(len(features))
    half = len(features) // 2
    a = feature_stats(features[order[:half]], what="real images (first half)")
    b = feature_stats(features[order[half : 2 * half]], what="real images (second half)")
    return {"fid_floor": frechet_distance(a, b), "count": half}


def fid_floor(ctx: MetricContext) -> MetricResult:
    if ctx.floor_real is None:
        return real_floor_fid(ctx.real_features(), seed=ctx.seed)
    return {"fid_floor": frechet_distance(ctx.real_stats(), ctx.floor_real_stats()), "count": len(ctx.real)}

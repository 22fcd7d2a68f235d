"""KID: unbiased MMD² between real and generated features, cubic polynomial kernel, over random subsets."""

from __future__ import annotations

import numpy as np

from calligan.errors import CalliganError
from calligan.metrics.context import MetricContext, MetricResult
from calligan.metrics.stats import require_count

# The unbiased estimator drops the diagonal, so each subset needs two samples.
MIN_KID_SAMPLES = 2


def _polynomial_kernel(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (x @ y.T / x.shape[1] + 1.0) ** 3


def _unbiased_mmd2(x: np.ndarray, y: np.ndarray) -> float:
    m = len(x)
    kxx, kyy, kxy = _polynomial_kernel(x, x), _polynomial_kernel(y, y), _polynomial_kernel(x, y)
    within = (kxx.sum() - np.trace(kxx) + kyy.sum() - np.trace(kyy)) / (m * (m - 1))
    return float(within - 2.0 * kxy.mean())


def kernel_inception_distance(
    real: np.ndarray,
    fake: np.ndarray,
    *,
    subset_size: int,  # samples per subset and side; clipped to the smaller set
    subsets: int,  # number of random subsets the mean and spread are taken over
    seed: int,  # seeds the subset draws
) -> MetricResult:
    """Mean and std of the per-subset unbiased MMD² (k(x, y) = (x·y/d + 1)³) between two feature sets."""
    if subsets < 1 or subset_size < MIN_KID_SAMPLES:
        raise CalliganError(
            f"KID needs subsets >= 1 and subset_size >= {MIN_KID_SAMPLES}, got {subsets} and {subset_size}"
        )
    require_count(len(real), need=MIN_KID_SAMPLES, what="real images", metric="KID")
    require_count(len(fake), need=MIN_KID_SAMPLES, what="generated images", metric="KID")
    size = min(subset_size, len(real), len(fake))
    rng = np.random.default_rng(seed)
    values = [
        _unbiased_mmd2(
            real[rng.choice(len(real), size, replace=False)], fake[rng.choice(len(fake), size, replace=False)]
        )
        for _ in range(subsets)
    ]
    return {
        "kid_mean": float(np.mean(values)),
        "kid_std": float(np.std(values)),
        "subset_size": size,
        "subsets": subsets,
        "real_count": len(real),
        "fake_count": len(fake),
    }


def kid(ctx: MetricContext, *, subset_size: int = 1000, subsets: int = 100) -> MetricResult:
    require_count(len(ctx.real), need=MIN_KID_SAMPLES, what="real images", metric="KID")
    require_count(len(ctx.fake), need=MIN_KID_SAMPLES, what="generated images", metric="KID")
    return kernel_inception_distance(
        ctx.real_features(), ctx.fake_features(), subset_size=subset_size, subsets=subsets, seed=ctx.seed
    )

"""Diversity as mean pairwise SSIM: lower is more diverse; a generated set far above the real one is collapsing."""

from __future__ import annotations

import numpy as np

from calligan.errors import CalliganError
from calligan.metrics.context import MetricContext, MetricResult
from calligan.metrics.similarity import ssim
from calligan.metrics.stats import require_count


def random_pairs(count: int, *, pairs: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`pairs` index pairs (i, j) with i != j, drawn uniformly from `count` items."""
    first = rng.integers(0, count, size=pairs)
    second = (first + rng.integers(1, count, size=pairs)) % count
    return first, second


def mean_pairwise_ssim(images: np.ndarray, *, pairs: int, seed: int) -> float:
    """Mean SSIM over `pairs` seeded random pairs of distinct images."""
    first, second = random_pairs(len(images), pairs=pairs, rng=np.random.default_rng(seed))
    return float(np.mean([ssim(images[i], images[j]) for i, j in zip(first, second)]))


def ssim_diversity(ctx: MetricContext, *, pairs: int = 1000) -> MetricResult:
    """pairs: random pairs drawn from each set; the same number on both so the two means compare."""
    if pairs < 1:
        raise CalliganError(f"pairwise SSIM needs pairs >= 1, got {pairs}")
    require_count(len(ctx.real), need=2, what="real images", metric="pairwise SSIM")
    require_count(len(ctx.fake), need=2, what="generated images", metric="pairwise SSIM")
    return {
        "ssim_fake": mean_pairwise_ssim(ctx.fake, pairs=pairs, seed=ctx.seed),
        "ssim_real": mean_pairwise_ssim(ctx.real, pairs=pairs, seed=ctx.seed),
        "pairs": pairs,
        "real_count": len(ctx.real),
        "fake_count": len(ctx.fake),
    }

"""Near-duplicate rate inside the generated set (mode collapse), beside the same rate inside real data."""

from __future__ import annotations

from calligan.metrics.checks import require_count
from calligan.metrics.context import MetricContext, MetricResult
from calligan.metrics.copies import closest_pairs, copy_rule, find_copies
from calligan.metrics.subsample import subsample


def near_duplicates(
    ctx: MetricContext,
    *,
    size: int = 32,  # thumbnail side for the neighbour search
    ssim_threshold: float = 0.95,  # SSIM above which two images count as near copies
    closest: int = 0,  # also list this many (generated, generated, RMS, SSIM) pairs, closest first
) -> MetricResult:
    """Share of images with a near copy elsewhere in their own set.

    The real rate is measured on a seeded random subset as large as the generated set, because the
    chance of a near copy grows with set size.
    """
    require_count(len(ctx.fake), need=2, what="generated images", metric="the near-duplicate rate")
    require_count(len(ctx.real), need=2, what="real images", metric="the near-duplicate rate")
    real_count = min(len(ctx.real), len(ctx.fake))
    real = subsample(ctx.real, count=real_count, seed=ctx.seed)
    fake = find_copies(ctx.fake, ctx.fake, exclude_self=True, size=size, ssim_threshold=ssim_threshold)
    real_copies = find_copies(real, real, exclude_self=True, size=size, ssim_threshold=ssim_threshold).is_copy
    result: MetricResult = {
        "near_duplicate_rate": float(fake.is_copy.mean()),
        "near_duplicate_rate_real": float(real_copies.mean()),
        "fake_count": len(ctx.fake),
        "real_count": real_count,
        "rule": copy_rule(size=size, ssim_threshold=ssim_threshold),
    }
    if closest:
        result["closest"] = closest_pairs(fake, count=closest, same_set=True)
    return result

"""Memorisation rate: generated images that are near copies of a training image."""

from __future__ import annotations

from calligan.metrics.checks import require_count
from calligan.metrics.context import MetricContext, MetricResult
from calligan.metrics.copies import closest_pairs, copy_rule, find_copies


def memorisation(
    ctx: MetricContext,
    *,
    size: int = 32,  # thumbnail side for the neighbour search
    ssim_threshold: float = 0.95,  # SSIM above which the nearest training image counts as copied
    closest: int = 0,  # also list this many (generated, training, RMS, SSIM) pairs, closest first
) -> MetricResult:
    """`ctx.real` must be the training images here: copying anything else is not memorisation."""
    require_count(len(ctx.fake), need=1, what="generated images", metric="the memorisation rate")
    require_count(len(ctx.real), need=1, what="training images", metric="the memorisation rate")
    search = find_copies(ctx.fake, ctx.real, exclude_self=False, size=size, ssim_threshold=ssim_threshold)
    result: MetricResult = {
        "memorisation_rate": float(search.is_copy.mean()),
        "nearest_train_rms_mean": float(search.distance.mean()),
        "fake_count": len(ctx.fake),
        "train_count": len(ctx.real),
        "rule": copy_rule(size=size, ssim_threshold=ssim_threshold),
    }
    if closest:
        result["closest"] = closest_pairs(search, count=closest, same_set=False)
    return result

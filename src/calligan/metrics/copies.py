"""Near copies, by one rule for "nearly identical": inside the generated set (near duplicates, a sign of
mode collapse, beside the same rate inside real data) and of training images (memorisation).

Each query's nearest reference is found by exact L2 search on small area-downscaled thumbnails
(cheap, and blind to one-pixel jitter); the pair counts as a copy when the SSIM of the two
full-resolution images exceeds a threshold (strict, and on the images actually submitted).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from calligan.metrics.context import MetricContext, MetricResult
from calligan.metrics.similarity import downscaled, nearest_neighbour, ssim
from calligan.metrics.stats import require_count, subsample


class CopySearch(NamedTuple):
    is_copy: np.ndarray  # bool (N,): the nearest reference passes the SSIM rule
    distance: np.ndarray  # (N,) RMS thumbnail distance to the nearest reference, in [0, 1]
    nearest: np.ndarray  # int (N,) index of that reference
    ssim: np.ndarray  # (N,) full-resolution SSIM with it


def copy_rule(*, size: int, ssim_threshold: float) -> str:
    return (
        f"nearest neighbour by L2 on {size}x{size} area-downscaled images; "
        f"a copy when the full-resolution SSIM with it > {ssim_threshold}"
    )


def find_copies(
    queries: np.ndarray,
    references: np.ndarray,
    *,
    exclude_self: bool,  # queries and references are one set: an image is not its own copy
    size: int,  # thumbnail side for the neighbour search
    ssim_threshold: float,  # SSIM above which the nearest neighbour counts as a copy
) -> CopySearch:
    """Every query image's nearest reference, how close it is, and whether it counts as a copy."""
    query_thumbs = downscaled(queries, size=size)
    reference_thumbs = query_thumbs if exclude_self else downscaled(references, size=size)
    distances, nearest = nearest_neighbour(query_thumbs, reference_thumbs, exclude_self=exclude_self)
    similarity = np.array([ssim(image, references[j]) for image, j in zip(queries, nearest)])
    return CopySearch(similarity > ssim_threshold, distances / np.sqrt(query_thumbs.shape[1]), nearest, similarity)


def closest_pairs(search: CopySearch, *, count: int, same_set: bool) -> list[list[float]]:
    """The `count` closest (query, reference, RMS distance, SSIM) pairs, closest first, as JSON-ready lists.

    same_set: queries and references are one set, where a pair found from both ends (a is b's nearest
    and b is a's) is listed once.
    """
    pairs, seen = [], set()
    for query in np.argsort(search.distance, kind="stable"):
        reference = int(search.nearest[query])
        key = frozenset((int(query), reference)) if same_set else (int(query), reference)
        if key in seen:
            continue
        seen.add(key)
        pairs.append([int(query), reference, float(search.distance[query]), float(search.ssim[query])])
        if len(pairs) == count:
            break
    return pairs


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


def memorisation(
    ctx: MetricContext,
    *,
    size: int = 32,  # thumbnail side for the neighbour search
    ssim_threshold: float = 0.95,  # SSIM above which the nearest training image counts as copied
    closest: int = 0,  # also list this many (generated, training, RMS, SSIM) pairs, closest first
) -> MetricResult:
    """Memorisation rate: generated images that are near copies of a training image.

    `ctx.real` must be the training images here: copying anything else is not memorisation.
    """
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

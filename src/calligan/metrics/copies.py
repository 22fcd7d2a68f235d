"""One rule for "nearly identical", shared by near-duplicates and memorisation: find, then judge.

Each query's nearest reference is found by exact L2 search on small area-downscaled thumbnails
(cheap, and blind to one-pixel jitter); the pair counts as a copy when the SSIM of the two
full-resolution images exceeds a threshold (strict, and on the images actually submitted).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from calligan.metrics.neighbours import nearest_neighbour
from calligan.metrics.pixels import downscaled, ssim


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

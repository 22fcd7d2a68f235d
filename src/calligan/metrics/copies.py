"""One rule for "nearly identical", shared by near-duplicates and memorisation: find, then judge.

Each query's nearest reference is found by exact L2 search on small area-downscaled thumbnails
(cheap, and blind to one-pixel jitter); the pair counts as a copy when the SSIM of the two
full-resolution images exceeds a threshold (strict, and on the images actually submitted).
"""

from __future__ import annotations

import numpy as np

from calligan.metrics.neighbours import nearest_neighbour
from calligan.metrics.pixels import downscaled, ssim


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
) -> tuple[np.ndarray, np.ndarray]:
    """(is a copy, RMS thumbnail distance to the nearest reference) for every query image."""
    query_thumbs = downscaled(queries, size=size)
    reference_thumbs = query_thumbs if exclude_self else downscaled(references, size=size)
    distances, nearest = nearest_neighbour(query_thumbs, reference_thumbs, exclude_self=exclude_self)
    is_copy = np.array([ssim(image, references[j]) > ssim_threshold for image, j in zip(queries, nearest)])
    return is_copy, distances / np.sqrt(query_thumbs.shape[1])

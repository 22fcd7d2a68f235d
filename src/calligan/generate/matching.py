"""Histogram matching of 8-bit images to a reference by exact quantile mapping.

`skimage.exposure.match_histograms` interpolates linearly between the reference's gray levels, so a
two-valued (0/255) reference turns every source pixel whose quantile falls between the two levels
into a new gray: bicubic-upscaled binary ink comes back with gray edges, the very blur the matching
is meant to remove. Here each source pixel goes to the reference level at its quantile instead, so
the output only takes values the reference has: binary stays binary, gray paper stays gray.

Pixels of one gray level are ties. A whole level moving as one block cannot follow the reference
where one level holds much of the mass (the saturated inside of upscaled strokes), so ties are first
ordered by their 3x3 local mean, as in exact histogram specification (Coltuc, Bolon and Chassery,
IEEE TIP 2006): stroke pixels beside the paper take the reference's anti-aliased edge grays, the
inside keeps full ink. One lookup table over the 16-bit (level, local mean) keys does the mapping.
"""

from __future__ import annotations

import bisect
import itertools

import cv2
import numpy as np

LEVELS = 256  # uint8 gray levels
KEYS = LEVELS * LEVELS  # (level, local mean) pairs
_CHUNK_PIXELS = 1 << 22  # pixels per pass: bounds temporaries, and keeps cv2.calcHist's float32 counts exact


def level_counts(images: np.ndarray) -> np.ndarray:
    """How many pixels of `images` (uint8, any shape) sit at each gray level: int64 (256,)."""
    if images.dtype != np.uint8:
        raise TypeError(f"expected uint8 images, got {images.dtype}")
    counts = np.zeros(LEVELS, dtype=np.int64)
    for chunk in np.array_split(images.reshape(-1), max(1, images.size // _CHUNK_PIXELS)):
        counts += np.bincount(chunk, minlength=LEVELS)
    return counts


def _local_means(images: np.ndarray) -> np.ndarray:
    return np.stack([cv2.blur(image, (3, 3)) for image in images])


def _chunks(images: np.ndarray) -> list[np.ndarray]:
    per_chunk = max(1, _CHUNK_PIXELS // images[0].size)
    return [images[start : start + per_chunk] for start in range(0, len(images), per_chunk)]


def key_counts(images: np.ndarray) -> np.ndarray:
    """Pooled pixel counts per tie-break key (level * 256 + 3x3 local mean) of a uint8 (N, S, S) stack."""
    counts = np.zeros(KEYS, dtype=np.int64)
    for chunk in _chunks(images):
        rows, means = chunk.reshape(-1, chunk.shape[-1]), _local_means(chunk).reshape(-1, chunk.shape[-1])
        histogram = cv2.calcHist([rows, means], [0, 1], None, [LEVELS, LEVELS], [0, LEVELS, 0, LEVELS])
        counts += histogram.reshape(-1).astype(np.int64)
    return counts


def quantile_lut(*, source_counts: np.ndarray, reference_counts: np.ndarray) -> np.ndarray:
    """The uint8 lookup table mapping each source key onto the reference distribution.

    source_counts: pooled pixel counts per source key (any number of keys, in ascending order);
    reference_counts: pooled pixel counts per gray level (256) of the real images to imitate.
    Pixels sharing a key are ties and move together: the key goes where the middle of its quantile
    range lands in the reference, i.e. the smallest reference level whose CDF reaches that midpoint.
    The comparison is done in integers, so the table is exact and the same on every machine.
    """
    if np.shape(reference_counts) != (LEVELS,):
        raise ValueError("reference_counts must have one entry per uint8 level (256)")
    # Python integers: the cross-multiplied totals can pass 2**63 for large sets.
    source = np.asarray(source_counts, dtype=np.int64)
    reference_cdf = list(itertools.accumulate(int(c) for c in reference_counts))
    source_total, reference_total = int(source.sum()), reference_cdf[-1]
    if source_total == 0 or reference_total == 0:
        raise ValueError("cannot match an empty histogram")
    scaled_cdf = [c * 2 * source_total for c in reference_cdf]
    # Key k's midpoint quantile is (2*cum[k] - count[k]) / (2*source_total), cross-multiplied below.
    # Keys no pixel has are never looked up: only the present ones are placed.
    present = np.flatnonzero(source)
    midpoints = (2 * np.cumsum(source) - source)[present]
    lut = np.zeros(len(source), dtype=np.uint8)
    lut[present] = [min(bisect.bisect_left(scaled_cdf, int(m) * reference_total), LEVELS - 1) for m in midpoints]
    return lut


def match_to_reference(images: np.ndarray, *, reference_counts: np.ndarray) -> np.ndarray:
    """images: uint8 (N, S, S), matched as one pooled distribution (one table for the whole set)."""
    if images.dtype != np.uint8 or images.ndim != 3 or not len(images):
        raise TypeError(f"expected a non-empty uint8 (N, S, S) stack, got {images.dtype} {images.shape}")
    lut = quantile_lut(source_counts=key_counts(images), reference_counts=reference_counts)
    return np.concatenate(
        [np.take(lut, (chunk.astype(np.uint16) << 8) | _local_means(chunk)) for chunk in _chunks(images)]
    )

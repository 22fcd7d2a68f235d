"""From the images as drawn to the images exported: upscaling to the export size, intensity matching to
the real images at that size, and erasing the specks no brush makes."""

from __future__ import annotations

import bisect
import itertools
from pathlib import Path

import cv2
import numpy as np

from calligan.errors import CalliganError
from calligan.io.images import load_image_pack
from calligan.metrics.glyphs import median_stroke_width


def check_resolution(*, generator_size: int, export_size: int, upscale: str) -> None:
    """Whether the generator's resolution can reach the export size with the chosen upscaling.

    generator_size: side the model draws; export_size: side wanted; upscale: none|bicubic|bicubic-matched.
    """
    if upscale == "none" and generator_size != export_size:
        raise CalliganError(
            f"the generator draws {generator_size} px images but generate.export_size is {export_size} and "
            f"generate.upscale=none; set generate.upscale=bicubic-matched or train at {export_size} px"
        )
    if upscale != "none" and generator_size >= export_size:
        raise CalliganError(
            f"generate.upscale={upscale} needs a generator smaller than generate.export_size={export_size}, "
            f"but it draws {generator_size} px images; set generate.upscale=none"
            + (" (no resizing down is done)" if generator_size > export_size else "")
        )


def load_reference(path: str | Path, *, size: int) -> np.ndarray:
    """The real images at the export size that the final images imitate: their gray levels (matching),
    their stroke widths (specks).

    path: an .npz whose `images` are the real uint8 (N, size, size) images, ink bright on dark.
    """
    return load_image_pack(
        path,
        what="reference images",
        fix="run `calligan prepare` with prepare.reference_size equal to generate.export_size, or set generate.reference",
        size=size,
    )["images"]


def bicubic(images: np.ndarray, *, size: int) -> np.ndarray:
    """Bicubic resizing to the side `size` (the seed's 64 -> 128 trick): uint8 (N, s, s) -> uint8 (N, size, size).

    OpenCV rounds and saturates on the way back to uint8, so overshoot at ink edges clips to 0/255.
    """
    out = np.empty((len(images), size, size), dtype=np.uint8)
    for i, image in enumerate(images):
        out[i] = cv2.resize(image, (size, size), interpolation=cv2.INTER_CUBIC)
    return out


# Intensity matching: histogram matching of 8-bit images to the reference by exact quantile mapping.
#
# `skimage.exposure.match_histograms` interpolates linearly between the reference's gray levels, so a
# two-valued (0/255) reference turns every source pixel whose quantile falls between the two levels
# into a new gray: bicubic-upscaled binary ink comes back with gray edges, the very blur the matching
# is meant to remove. Here each source pixel goes to the reference level at its quantile instead, so
# the output only takes values the reference has: binary stays binary, gray paper stays gray.
#
# Pixels of one gray level are ties. A whole level moving as one block cannot follow the reference
# where one level holds much of the mass (the saturated inside of upscaled strokes), so ties are first
# ordered by their 3x3 local mean, as in exact histogram specification (Coltuc, Bolon and Chassery,
# IEEE TIP 2006): stroke pixels beside the paper take the reference's anti-aliased edge grays, the
# inside keeps full ink. One lookup table over the 16-bit (level, local mean) keys does the mapping.

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


# Despeckling: erase the specks a generator scatters around its glyphs: ink too small to be any brush mark.
#
# A GAN at 64 px leaves isolated ink of a few pixels around and between the strokes, far more often than
# the real images hold any (README, "Quality on held-out images"). No brush puts down a mark narrower
# than its stroke, so the size limit is read from the real images themselves: an ink component whose area is
# under the square of a fraction of the real strokes' median width is a speck. It is erased with the grey rim
# that upscaling and matching drew around it, except where that rim also borders real strokes.
# Dots and short strokes of the character are a stroke wide or more and stay.

INK_LEVEL = 128  # a pixel at or above it is ink (images are ink bright on dark, paper 0)
RIM_PX = 2  # how far the grey edge of a speck reaches: bicubic's 4x4 support at 2x, after matching
_RIM_KERNEL = np.ones((3, 3), np.uint8)
# Reference images the stroke width is read from: the median of some 10^5 skeleton pixels moves by
# well under a pixel beyond this many glyphs.
_WIDTH_SAMPLE = 1000


def speck_area(reference: np.ndarray, *, width_fraction: float, seed: int = 0) -> int:
    """The smallest ink area (px) a mark may have: round((width_fraction * median stroke width)^2).

    reference: real uint8 (N, S, S) glyphs at the size the images will be cleaned at;
    width_fraction: the side of the smallest mark as a share of the median stroke width (0.5: a mark
    narrower than half a stroke in both directions is a speck); seed: which glyphs are measured.
    """
    rng = np.random.default_rng(seed)
    sample = reference[np.sort(rng.permutation(len(reference))[:_WIDTH_SAMPLE])]
    return int(round((width_fraction * median_stroke_width(sample, ink_level=INK_LEVEL)) ** 2))


def erase_specks(images: np.ndarray, *, min_area: int) -> tuple[np.ndarray, int]:
    """uint8 (N, S, S) images with every 8-connected ink component under `min_area` px erased to paper.

    Returns the cleaned copy and how many specks were erased.
    """
    out = images.copy()
    erased = 0
    for image in out:
        _, labels, stats, _ = cv2.connectedComponentsWithStats((image >= INK_LEVEL).astype(np.uint8),
                                                               connectivity=8)
        small = stats[:, cv2.CC_STAT_AREA] < min_area
        small[0] = False  # row 0 is the paper
        if not small.any():
            continue
        speck = small[labels]
        stroke = (labels > 0) & ~speck
        rim = cv2.dilate(speck.astype(np.uint8), _RIM_KERNEL, iterations=RIM_PX).astype(bool)
        near_stroke = cv2.dilate(stroke.astype(np.uint8), _RIM_KERNEL, iterations=RIM_PX).astype(bool)
        image[speck | (rim & ~near_stroke)] = 0
        erased += int(np.count_nonzero(small))
    return out, erased

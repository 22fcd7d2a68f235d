from __future__ import annotations

import cv2
import numpy as np
import pytest

from calligan.generate.matching import level_counts, match_to_reference, quantile_lut
from calligan.generate.upscale import bicubic


def _gray_fraction(images: np.ndarray) -> float:
    return float(np.mean((images > 0) & (images < 255)))


def _upscaled(images: np.ndarray) -> np.ndarray:
    """The seed's trick on real images: shrink to 64, bicubic back to 128."""
    small = np.stack([cv2.resize(im, (64, 64), interpolation=cv2.INTER_AREA) for im in images])
    return bicubic(small, size=128)


def test_upscaled_binary_images_come_back_binary(real_binary):
    upscaled = _upscaled(real_binary)
    assert _gray_fraction(upscaled) > 0.05  # the blur the matching must undo
    matched = match_to_reference(upscaled, reference_counts=level_counts(real_binary))
    assert _gray_fraction(matched) == _gray_fraction(real_binary) == 0.0
    assert np.mean(matched == 255) == pytest.approx(np.mean(real_binary == 255), abs=0.003)


def test_gray_reference_keeps_gray(real_binary):
    rng = np.random.default_rng(0)
    # JPEG-like scans: noisy gray paper and noisy ink, nowhere pure 0 or 255.
    paper, ink = rng.normal(45, 6, real_binary.shape), rng.normal(210, 12, real_binary.shape)
    reference = np.clip(np.where(real_binary > 127, ink, paper), 1, 254).round().astype(np.uint8)
    matched = match_to_reference(_upscaled(real_binary), reference_counts=level_counts(reference))
    assert _gray_fraction(matched) == pytest.approx(_gray_fraction(reference), abs=0.01)
    assert set(np.unique(matched)) <= set(np.unique(reference))


def test_output_histogram_follows_a_gray_edged_reference(real_binary, real_gray_edged):
    reference = level_counts(real_gray_edged)
    matched = match_to_reference(_upscaled(real_binary), reference_counts=reference)
    output_cdf = np.cumsum(level_counts(matched)) / matched.size
    reference_cdf = np.cumsum(reference) / reference.sum()
    assert np.abs(output_cdf - reference_cdf).max() < 0.01
    assert _gray_fraction(matched) == pytest.approx(_gray_fraction(real_gray_edged), abs=0.01)


def test_same_distribution_maps_every_present_level_to_itself():
    counts = np.zeros(256, dtype=np.int64)
    counts[[0, 3, 17, 128, 255]] = [500, 7, 1, 40, 90]
    lut = quantile_lut(source_counts=counts, reference_counts=counts * 3)
    assert np.array_equal(lut[counts > 0], np.flatnonzero(counts))


def test_lookup_table_is_monotone_and_lands_on_reference_levels():
    rng = np.random.default_rng(1)
    source, reference = rng.integers(1, 1000, 256), np.zeros(256, dtype=np.int64)
    reference[[10, 90, 200]] = [5, 3, 2]
    lut = quantile_lut(source_counts=source, reference_counts=reference)
    assert np.all(np.diff(lut.astype(int)) >= 0)
    assert set(lut) == {10, 90, 200}
    assert np.mean(lut == 10) == pytest.approx(0.5, abs=0.02)  # the reference's lower half goes to level 10


def test_ties_inside_a_stroke_split_by_distance_to_the_paper():
    image = np.zeros((1, 32, 32), dtype=np.uint8)
    image[0, 8:24, 8:24] = 255  # one level for the whole stroke: 256 tied pixels
    reference = np.zeros(256, dtype=np.int64)
    reference[[0, 200, 255]] = [image.size - 256, 60, 196]  # the real strokes have gray rims
    matched = match_to_reference(image, reference_counts=reference)[0]
    assert matched[16, 16] == 255 and matched[8, 16] == 200 and matched[8, 8] == 200
    assert np.all(matched[:8] == 0) and np.count_nonzero(matched == 200) == 60


def test_level_counts_pool_every_pixel():
    images = np.zeros((3, 8, 8), np.uint8)
    images[:, :2] = 255
    counts = level_counts(images)
    assert counts[0] == 3 * 48 and counts[255] == 3 * 16 and counts.sum() == images.size


def test_level_counts_rejects_non_uint8_and_lut_rejects_empty():
    with pytest.raises(TypeError):
        level_counts(np.zeros((2, 4, 4), dtype=np.float32))
    with pytest.raises(ValueError):
        quantile_lut(source_counts=np.zeros(256), reference_counts=np.ones(256))

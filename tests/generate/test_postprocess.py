from __future__ import annotations

import cv2
import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.generate.postprocess import (bicubic, check_resolution, erase_specks, level_counts, load_reference,
                                           match_to_reference, quantile_lut, speck_area)
from calligan.io.npz import save_npz
from calligan.metrics.glyphs import GlyphInputError
from tests.drawing import character


@pytest.mark.parametrize(
    ("generator_size", "upscale"), [(64, "bicubic-matched"), (64, "bicubic"), (128, "none")]
)
def test_reachable_sizes_pass(generator_size, upscale):
    check_resolution(generator_size=generator_size, export_size=128, upscale=upscale)


@pytest.mark.parametrize(
    ("generator_size", "upscale", "hint"),
    [(64, "none", "upscale=bicubic-matched"), (128, "bicubic-matched", "upscale=none"), (128, "bicubic", "upscale=none")],
)
def test_mismatch_is_one_line_naming_the_fix(generator_size, upscale, hint):
    with pytest.raises(CalliganError, match=hint) as caught:
        check_resolution(generator_size=generator_size, export_size=128, upscale=upscale)
    assert "\n" not in str(caught.value)


def test_reference_images_come_back_as_written(tmp_path):
    images = np.zeros((3, 8, 8), np.uint8)
    images[:, :2] = 255
    save_npz(tmp_path / "ref.npz", {"images": images})
    np.testing.assert_array_equal(load_reference(tmp_path / "ref.npz", size=8), images)


def test_missing_file_and_wrong_size_are_clear_errors(tmp_path):
    with pytest.raises(CalliganError, match="calligan prepare"):
        load_reference(tmp_path / "absent.npz", size=128)
    save_npz(tmp_path / "ref.npz", {"images": np.zeros((2, 64, 64), np.uint8)})
    with pytest.raises(CalliganError, match="expected uint8 \\(N, 128, 128\\)"):
        load_reference(tmp_path / "ref.npz", size=128)


def test_bicubic_doubles_the_side_and_keeps_flat_images_flat():
    images = np.stack([np.full((16, 16), 0, np.uint8), np.full((16, 16), 255, np.uint8)])
    out = bicubic(images, size=32)
    assert out.shape == (2, 32, 32) and out.dtype == np.uint8
    assert np.all(out[0] == 0) and np.all(out[1] == 255)


def test_bicubic_blurs_binary_edges_into_grays():
    image = np.zeros((1, 16, 16), np.uint8)
    image[0, 4:12, 4:12] = 255
    out = bicubic(image, size=32)
    assert np.any((out > 0) & (out < 255))
    assert out[0, 16, 16] == 255 and out[0, 0, 0] == 0


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


def _components(image: np.ndarray) -> np.ndarray:
    _, _, stats, _ = cv2.connectedComponentsWithStats((image >= 128).astype(np.uint8), connectivity=8)
    return stats[1:, cv2.CC_STAT_AREA]


@pytest.mark.parametrize("width, fraction, area", [(7, 0.5, 12), (11, 0.5, 30), (17, 0.5, 72), (11, 1.0, 121)])
def test_the_smallest_mark_is_a_square_of_a_share_of_the_stroke_width(width, fraction, area):
    glyph = np.zeros((128, 128), np.uint8)
    glyph[30:30 + width, 10:118] = 255  # bars of exactly `width` px (odd: the skeleton runs on their middle row)
    glyph[50:120, 60:60 + width] = 255
    assert speck_area(glyph[None], width_fraction=fraction) == area


def test_an_inkless_reference_is_a_clear_error():
    with pytest.raises(GlyphInputError, match="no ink"):
        speck_area(np.zeros((2, 32, 32), np.uint8), width_fraction=0.5)


def test_real_glyphs_with_added_specks_get_back_to_themselves(real_binary):
    min_area = speck_area(real_binary, width_fraction=0.5)
    glyphs = [g for g in real_binary if _components(g).min() >= min_area][:8]
    assert len(glyphs) == 8
    dirty = []
    for glyph in glyphs:
        paper = np.argwhere(cv2.dilate(glyph, np.ones((9, 9), np.uint8)) == 0)
        image = glyph.copy()
        for row, col in paper[np.linspace(0, len(paper) - 1, 3).astype(int)]:
            image[max(row - 2, 0):row + 3, max(col - 2, 0):col + 3] = 90  # the grey rim an upscale leaves
            image[row:row + 2, col:col + 2] = 255
        dirty.append(image)
    cleaned, erased = erase_specks(np.stack(dirty), min_area=min_area)
    assert erased == 3 * len(glyphs)
    np.testing.assert_array_equal(cleaned, np.stack(glyphs))


def test_dots_of_the_character_and_grey_edges_of_strokes_stay():
    glyph = character(128, thickness=9)
    edged = cv2.GaussianBlur(glyph, (5, 5), 0)  # grey edges all round the strokes and dots
    speck = np.zeros_like(edged)
    # A speck just above the first stroke, whose ink starts at row 39 and grey edge at row 37 in column 40:
    # the speck's rim reaches that edge, which must stay.
    speck[34:36, 40:42] = 255
    image = np.maximum(edged, speck)
    cleaned, erased = erase_specks(image[None], min_area=speck_area(glyph[None], width_fraction=0.5))
    assert erased == 1 and not cleaned[0, 34:36, 40:42].any()
    strokes = edged > 0
    np.testing.assert_array_equal(cleaned[0][strokes], image[strokes])

"""Specks off the submitted images, by the rule the glyph metrics count them with."""

import cv2
import numpy as np

from calligan.generate import stage as generate_stage
from calligan.generate.despeckle import despeckle, speck_threshold
from calligan.io.npz import save_npz
from calligan.metrics.glyphs import glyph_structure
from tests.generate.test_stage import _load, _params


def _glyph() -> np.ndarray:
    image = np.zeros((64, 64), np.uint8)
    cv2.line(image, (10, 32), (54, 32), 255, 5)
    cv2.line(image, (10, 31), (54, 31), 120, 1)  # a grey rim along the stroke
    return image


def test_marks_with_too_little_ink_are_erased_and_everything_else_is_kept():
    image = _glyph()
    image[5:7, 5:7] = 255  # a free-standing 4 px speck
    image[10, 50:53] = 60  # faint dust: marked, no ink
    image[28, 30] = 255  # a 1 px dot touching the stroke's rim: part of the stroke's mark
    cleaned = despeckle(image[None], min_ink=10)[0]
    assert not cleaned[5:7, 5:7].any() and not cleaned[10].any()
    expected = _glyph()
    expected[28, 30] = 255
    assert np.array_equal(cleaned, expected)
    assert image[5, 5] == 255  # a copy: the input is left alone


def test_a_dot_of_the_glyph_as_big_as_real_ones_stays():
    image = _glyph()
    cv2.circle(image, (20, 50), 3, 255, -1)  # 29 px of ink
    assert np.array_equal(despeckle(image[None], min_ink=29)[0], image)
    assert not despeckle(image[None], min_ink=30)[0][45:56, 15:26].any()


def test_the_threshold_is_the_glyph_metrics_speck_size(reference_npz):
    real = np.load(reference_npz(64))["images"]
    threshold = speck_threshold(real)
    assert threshold == glyph_structure(real, real)["speck_area_px"] > 1


def test_generate_despeckles_the_export_and_leaves_raw_as_drawn(tmp_path, generator_file):
    """An untrained G draws a flat half-grey (about 2,600 px at the ink level in one mark); a reference of
    3,600 px blocks makes that mark a speck, so the whole export goes, and nothing else changes."""
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32)
    blocks = np.zeros((4, 64, 64), np.uint8)
    blocks[:, 2:62, 2:62] = 255
    reference = str(tmp_path / "reference_64.npz")
    save_npz(reference, {"images": blocks})
    settings = {"reference": reference, "upscale": "bicubic"}
    plain = generate_stage.run(_params(tmp_path / "plain", generator, **settings), progress=False)
    clean = generate_stage.run(_params(tmp_path / "clean", generator, despeckle=True, **settings), progress=False)
    assert clean.raw.read_bytes() == plain.raw.read_bytes()
    before, after = _load(plain.images)["images"], _load(clean.images)["images"]
    assert (before >= 128).sum(axis=(1, 2)).max() < 3600 and not after.any()

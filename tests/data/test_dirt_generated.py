"""The dirt rules on generated scans: every form of seal and near-blank page, at random size, place,
stroke width, blur and JPEG quality, through the whole per-image path. Seeds differ from the
benchmark's (tuned on 1, measured on 2)."""

import cv2
import numpy as np
import pytest

from calligan.config.prepare import PrepareParams
from calligan.data.process import process
from tests.data import dirty_pages

PARAMS = PrepareParams()
PAGES = 20  # per form: enough for a share, few enough for a quick test


def _reasons(pages) -> list[str]:
    return [process(page, PARAMS).reason or "kept" for page in pages]


@pytest.mark.parametrize("form", dirty_pages.SEAL_FORMS)
def test_dark_seals_of_every_form_are_told_by_their_outline(draw, form):
    rng = np.random.default_rng(31)
    reasons = _reasons(dirty_pages.stamped(draw.character(240), rng, form, red=False) for _ in range(PAGES))
    assert reasons.count("stamp") >= 0.6 * PAGES, reasons  # the smallest seals' rims thin out on the 128 px analysis copy


@pytest.mark.parametrize("form", dirty_pages.SEAL_FORMS)
def test_red_seals_of_every_form_are_told_by_their_hue(draw, form):
    rng = np.random.default_rng(32)
    reasons = _reasons(dirty_pages.stamped(draw.character(240), rng, form, red=True) for _ in range(PAGES))
    assert reasons.count("stamp") >= 0.95 * PAGES, reasons


def test_near_blank_pages_of_any_size_are_blank():
    rng = np.random.default_rng(33)
    reasons = _reasons(dirty_pages.near_blank(None, rng, "") for _ in range(2 * PAGES))
    assert reasons.count("blank") >= 0.9 * 2 * PAGES, reasons


@pytest.mark.parametrize("colour", [False, True])
def test_clean_scans_are_kept(draw, colour):
    rng = np.random.default_rng(34)
    pages = [dirty_pages.clean(draw.character(240, thickness=int(rng.integers(4, 16))), rng, colour=colour) for _ in range(2 * PAGES)]
    assert _reasons(pages) == ["kept"] * len(pages)


def test_a_faint_red_seal_is_found_by_hue_where_grey_shows_no_seal(draw):
    """A worn vermilion seal, ragged rather than ruled: grey sees only a pale smudge; the hue says seal."""
    rng = np.random.default_rng(35)
    page = np.full((300, 300, 3), 235, np.uint8)
    page[np.pad(draw.character(220), 40) > 0] = 30
    worn = (rng.random((60, 60)) < 0.6).astype(np.uint8)
    worn = cv2.morphologyEx(worn, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    page[230:290, 230:290][worn > 0] = (230, 120, 110)
    rgb = draw.encode(page, "JPEG", quality=90)
    grey = draw.encode(cv2.cvtColor(page, cv2.COLOR_RGB2GRAY), "JPEG", quality=90)
    assert process(grey, PARAMS).status == "kept"
    assert process(rgb, PARAMS).reason == "stamp"

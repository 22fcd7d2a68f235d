"""Decisions on named pages of the real cccr zip, checked by eye (clean() on each page alone: seconds,
where the real-zip prepare in tests/commands takes minutes)."""

import zipfile

import pytest

from calligan.config.prepare import PrepareParams
from calligan.data.cleaning import clean

PARAMS = PrepareParams()

# Real characters the note rule once rejected as `extra_characters`: 於's and 以's dots and short strokes,
# 然's four dots, 天's and 過's dry-brush flecks, 到's detached dots, 他's detached stroke.
KEEPS = [
    "train/于/26.png", "train/于/76.png", "train/他/12.png", "train/以/19.png", "train/以/57.png", "train/以/60.png",
    "train/以/9.png", "train/到/7.png", "train/天/120.png", "train/然/42.png", "train/然/43.png", "train/然/79.png",
    "train/过/117.png", "train/过/61.png", "validation/于/14.png", "validation/以/1.png",
]


@pytest.fixture(scope="module")
def cccr(shared_data):
    with zipfile.ZipFile(shared_data / "cccr-calligraphy.zip") as archive:
        yield archive


@pytest.mark.parametrize("path", KEEPS)
def test_real_characters_with_detached_parts_are_kept(cccr, path):
    assert clean(cccr.read(path), PARAMS).status == "kept"

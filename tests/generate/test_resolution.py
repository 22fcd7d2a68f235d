from __future__ import annotations

import pytest

from calligan.errors import CalliganError
from calligan.generate.resolution import check_resolution


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

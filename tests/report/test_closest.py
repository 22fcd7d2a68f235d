import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.report.closest import closest_pictures

NEIGHBOURS = {
    "memorisation": [{"generated": 1, "train": 4, "rms": 0.01, "ssim": 0.99}],
    "near_duplicates": [{"generated": 0, "generated_other": 2, "rms": 0.2, "ssim": 0.5}],
    "rule": "a copy when SSIM > 0.95",
}


def test_pairs_are_pictured_with_their_distances():
    html = closest_pictures(NEIGHBOURS, generated=np.zeros((3, 8, 8), np.uint8), training=np.zeros((5, 8, 8), np.uint8))
    assert html.count("<img ") == 2
    assert 'alt="generated image 1 beside its nearest training image 4"' in html
    assert "#1 &amp; train #4: RMS 0.010, SSIM 0.990" in html and "#0 &amp; #2: RMS 0.200" in html
    assert "SSIM &gt; 0.95" in html


def test_indices_beyond_the_packs_name_the_stage_to_rerun():
    with pytest.raises(CalliganError, match="rerun `calligan evaluate`"):
        closest_pictures(NEIGHBOURS, generated=np.zeros((3, 8, 8), np.uint8), training=np.zeros((4, 8, 8), np.uint8))

import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.metrics.checks import require_images, require_same_size


def test_rgb_and_gray_are_told_apart_in_a_mismatch():
    with pytest.raises(CalliganError, match="real images are 8x8 but generated images are 8x8 RGB"):
        require_same_size(np.zeros((1, 8, 8), np.uint8), np.zeros((1, 8, 8, 3), np.uint8))


def test_channels_other_than_gray_or_rgb_are_refused():
    with pytest.raises(CalliganError, match=r"got uint8 \(2, 8, 8, 4\)"):
        require_images(np.zeros((2, 8, 8, 4), np.uint8), what="x")

from __future__ import annotations

import numpy as np

from calligan.export.polarity import border_mean, is_light_background


def test_border_mean_reads_only_the_frame():
    images = np.full((2, 6, 6), 255, np.uint8)
    images[:, 1:-1, 1:-1] = 0
    assert border_mean(images) == 255.0 and is_light_background(images)
    assert border_mean(255 - images) == 0.0 and not is_light_background(255 - images)

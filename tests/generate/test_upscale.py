from __future__ import annotations

import numpy as np

from calligan.generate.upscale import bicubic


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

from __future__ import annotations

import torch

from calligan.nn.mlp import MLPDiscriminator, MLPGenerator


def test_shapes_and_range() -> None:
    generator = MLPGenerator(input_dim=5, width=4, channels=1, image_size=28)
    images = generator(torch.randn(3, 5))
    assert images.shape == (3, 1, 28, 28) and images.abs().max() <= 1
    assert MLPDiscriminator(width=4, channels=1, image_size=28)(images).shape == (3,)

from __future__ import annotations

import pytest
import torch
from torch import nn

from calligan.nn.resnet import DownBlock, ResNetDiscriminator, ResNetGenerator, UpBlock


@pytest.mark.parametrize(("size", "blocks"), [(64, 4), (128, 5)])
def test_one_residual_block_per_doubling(size: int, blocks: int) -> None:
    generator = ResNetGenerator(input_dim=6, num_classes=2, width=4, channels=1, image_size=size)
    critic = ResNetDiscriminator(num_classes=2, width=4, channels=1, image_size=size)
    assert sum(isinstance(m, UpBlock) for m in generator.modules()) == blocks
    assert sum(isinstance(m, DownBlock) for m in critic.modules()) == blocks
    assert not any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in critic.modules())
    labels = torch.tensor([0, 1])
    out = generator(torch.randn(2, 6), labels)
    assert out.shape == (2, 1, size, size) and out.abs().max() <= 1
    assert critic(out, labels).shape == (2,)


def test_blocks_resample_by_two() -> None:
    assert UpBlock(3, 2)(torch.randn(1, 3, 4, 4)).shape == (1, 2, 8, 8)
    assert DownBlock(2, 3)(torch.randn(1, 2, 8, 8)).shape == (1, 3, 4, 4)

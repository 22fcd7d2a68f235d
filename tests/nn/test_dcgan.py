from __future__ import annotations

import pytest
import torch
from torch import nn

from calligan.nn.conditioning import ConditionalBatchNorm2d
from calligan.nn.dcgan import DCGANDiscriminator, DCGANGenerator
from calligan.nn.init import dcgan_init
from calligan.nn.layers import ConvTranspose2dSame


def count(module: nn.Module, kind: type) -> int:
    return sum(isinstance(m, kind) for m in module.modules())


@pytest.mark.parametrize("size", [64, 128])
def test_generator_follows_dcgan_and_grows_one_block_for_128(size: int) -> None:
    generator = DCGANGenerator(input_dim=10, num_classes=0, width=8, channels=1, image_size=size)
    assert isinstance(generator.stem[0], nn.Linear)
    assert isinstance(generator.to_image, ConvTranspose2dSame)  # last up-sampling straight to tanh: no BatchNorm
    assert count(generator, ConvTranspose2dSame) == {64: 4, 128: 5}[size]
    assert count(generator, nn.BatchNorm2d) == count(generator, ConvTranspose2dSame)  # the stem's and each hidden map's
    out = generator(torch.randn(2, 10))
    assert out.shape == (2, 1, size, size) and out.abs().max() <= 1


def test_conditional_generator_normalises_with_a_scale_and_shift_per_class() -> None:
    torch.manual_seed(0)
    generator = dcgan_init(DCGANGenerator(input_dim=10, num_classes=3, width=8, channels=1, image_size=32))
    norms = [m for m in generator.modules() if isinstance(m, ConditionalBatchNorm2d)]
    assert len(norms) == count(generator, ConvTranspose2dSame) and not any(m.norm.affine for m in norms)
    # DCGAN's init of the class tables gives scales near 1, as it gives BatchNorm scales
    assert all((1 + m.gain.weight).sub(1).abs().max() < 0.1 for m in norms)
    z = torch.randn(4, 10)
    generator.eval()
    with torch.no_grad():
        for m in norms:
            m.bias.weight[1].fill_(0.5)  # class 1 shifts every map; class 0 stays as it was
        a, b = generator(z, torch.zeros(4, dtype=torch.long)), generator(z, torch.ones(4, dtype=torch.long))
    assert not torch.allclose(a, b)


@pytest.mark.parametrize("size", [28, 64, 128])
def test_discriminator_strides_without_pooling_or_input_norm(size: int) -> None:
    critic = DCGANDiscriminator(num_classes=0, width=8, channels=1, image_size=size, norm="batch", score_bias=True)
    assert not any(isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)) for m in critic.modules())
    first, after = list(critic.trunk.net)[:2]
    assert isinstance(first, nn.Conv2d) and first.stride == (2, 2) and isinstance(after, nn.LeakyReLU)
    assert count(critic, nn.BatchNorm2d) == {28: 1, 64: 3, 128: 4}[size]
    assert critic(torch.randn(2, 1, size, size)).shape == (2,)


def test_layer_norm_critic_has_no_batch_norm() -> None:
    critic = DCGANDiscriminator(num_classes=0, width=8, channels=1, image_size=64, norm="layer", score_bias=False)
    assert count(critic, nn.BatchNorm2d) == 0 and count(critic, nn.GroupNorm) == 3
    assert critic.head.linear.bias is None

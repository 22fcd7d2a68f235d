from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn.utils import parametrize

from calligan.nn.conditioning import ConditionalBatchNorm2d
from calligan.nn.sngan import DiscriminatorBlock, GeneratorBlock, SnganDiscriminator, SnganGenerator


@pytest.mark.parametrize(("size", "blocks"), [(64, 4), (128, 5)])
def test_one_residual_block_per_doubling_and_the_shapes(size: int, blocks: int) -> None:
    generator = SnganGenerator(input_dim=6, num_classes=2, width=4, channels=1, image_size=size)
    critic = SnganDiscriminator(num_classes=2, width=4, channels=1, image_size=size)
    assert sum(isinstance(m, GeneratorBlock) for m in generator.modules()) == blocks
    assert sum(isinstance(m, DiscriminatorBlock) for m in critic.modules()) == blocks
    labels = torch.tensor([0, 1])
    out = generator(torch.randn(2, 6), labels)
    assert out.shape == (2, 1, size, size) and out.abs().max() <= 1
    assert critic(out, labels).shape == (2,)


def test_every_weight_of_the_discriminator_is_spectrally_normalised_and_nothing_else_normalises() -> None:
    critic = SnganDiscriminator(num_classes=3, width=4, channels=1, image_size=64)
    weighted = [m for m in critic.modules() if isinstance(m, (nn.Conv2d, nn.Linear, nn.Embedding))]
    assert len(weighted) == 3 * 4 + 2  # three convs per block, the score and the projection's embedding
    assert all(parametrize.is_parametrized(m, "weight") for m in weighted)
    assert not any(isinstance(m, (nn.modules.batchnorm._BatchNorm, nn.GroupNorm, nn.LayerNorm)) for m in critic.modules())


def test_spectral_norm_holds_each_layer_near_unit_gain() -> None:
    torch.manual_seed(0)
    critic = SnganDiscriminator(num_classes=0, width=4, channels=1, image_size=64)
    with torch.no_grad():
        for m in critic.modules():  # blow the raw weights up: the normalised ones must not follow
            if parametrize.is_parametrized(m, "weight"):
                m.parametrizations.weight.original.mul_(50)
        for _ in range(30):  # power iterations run in training-mode forwards
            critic(torch.randn(2, 1, 64, 64))
    for m in critic.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            sigma = torch.linalg.matrix_norm(m.weight.detach().flatten(1), ord=2)
            assert sigma == pytest.approx(1.0, abs=0.05)


def test_generator_conditions_every_block_on_the_class_and_is_plain_batch_norm_without_classes() -> None:
    torch.manual_seed(0)
    conditional = SnganGenerator(input_dim=4, num_classes=3, width=4, channels=1, image_size=64)
    assert sum(isinstance(m, ConditionalBatchNorm2d) for m in conditional.modules()) == 2 * 4
    unconditional = SnganGenerator(input_dim=4, num_classes=0, width=4, channels=1, image_size=64)
    assert not any(isinstance(m, ConditionalBatchNorm2d) for m in unconditional.modules())
    with pytest.raises(ValueError, match="unconditional"):
        unconditional(torch.randn(2, 4), torch.tensor([0, 1]))
    # each block's per-class scale reaches the image: one class's gains moved, only its images change
    # (in eval mode: in training, BatchNorm's batch statistics would carry the change to every image)
    conditional.eval()
    z = torch.randn(4, 4)
    labels = torch.tensor([0, 1, 2, 0])
    before = conditional(z, labels)
    with torch.no_grad():
        conditional.blocks[-1].norm2.norm.gain.weight[1].fill_(2.0)
    after = conditional(z, labels)
    changed = (after - before).flatten(1).abs().amax(dim=1) > 1e-6
    assert changed.tolist() == [False, True, False, False]

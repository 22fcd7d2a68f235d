from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from calligan.nn.fastgan import (
    Decoder,
    DownBlock,
    FastGanDiscriminator,
    FastGanGenerator,
    SkipLayerExcitation,
    _quadrants,
)

CLASSES = 3


def _nets(size: int, conditional: bool, *, width: int = 4) -> tuple[FastGanGenerator, FastGanDiscriminator]:
    num_classes = CLASSES if conditional else 0
    generator = FastGanGenerator(input_dim=6, num_classes=num_classes, width=width, channels=1, image_size=size)
    critic = FastGanDiscriminator(num_classes=num_classes, width=width, channels=1, image_size=size)
    return generator, critic


@pytest.mark.parametrize("conditional", [False, True], ids=["uncond", "cond"])
@pytest.mark.parametrize("size", [64, 128])
def test_shapes_of_g_d_and_the_reconstructions(size: int, conditional: bool) -> None:
    torch.manual_seed(0)
    generator, critic = _nets(size, conditional)
    labels = torch.tensor([0, 2]) if conditional else None
    image = generator(torch.randn(2, 6), labels)
    assert image.shape == (2, 1, size, size) and image.abs().max() <= 1
    assert critic(image, labels).shape == (2,)
    score, recon, target = critic(image, labels, with_recon=True)
    assert score.shape == (2,)
    # two decoders (the whole 8x8 map, a quadrant of the 16x16 one), both to 32x32
    assert recon.shape == target.shape == (2, 2, 1, 32, 32) and recon.abs().max() <= 1
    assert torch.equal(score, critic(image, labels))  # the reconstruction leaves the score alone


@pytest.mark.parametrize("size", [64, 128])
def test_one_block_per_doubling_and_no_batch_norm_in_the_critic(size: int) -> None:
    generator, critic = _nets(size, False)
    doublings = {64: 4, 128: 5}[size]
    assert len(generator.convs) == doublings
    assert sum(isinstance(m, DownBlock) for m in critic.modules()) == doublings - 1  # after the stride-2 stem
    assert not any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in critic.modules())


def test_labels_reach_g_and_d() -> None:
    torch.manual_seed(0)
    generator, critic = _nets(64, True)
    generator.eval()
    z = torch.randn(2, 6)
    image = generator(z, torch.tensor([0, 0]))
    assert not torch.allclose(image, generator(z, torch.tensor([1, 1])))
    nn.init.normal_(critic.head.embed.weight)  # an untrained embedding could be all but zero
    assert not torch.allclose(critic(image, torch.tensor([0, 0])), critic(image, torch.tensor([1, 1])))
    with pytest.raises(ValueError, match="pass labels"):
        generator(z)


def test_the_excitation_gate_is_a_per_channel_factor_in_0_1() -> None:
    torch.manual_seed(0)
    excite = SkipLayerExcitation(6, 3)
    high, low = torch.randn(2, 3, 32, 32), torch.randn(2, 6, 8, 8) * 10
    gate = excite.gate(low)
    assert gate.shape == (2, 3, 1, 1) and ((gate > 0) & (gate < 1)).all()
    out = excite(high, low)
    assert torch.allclose(out, high * gate)
    assert (out.abs() <= high.abs()).all()
    assert not torch.allclose(out, excite(high, torch.zeros_like(low)))


@pytest.mark.parametrize("size", [64, 128])
def test_the_8x8_map_gates_the_full_resolution_one_and_the_base_the_half_resolution_one(size: int) -> None:
    torch.manual_seed(0)
    generator, _ = _nets(size, False)
    generator.eval()
    seen: dict[int, tuple[int, int]] = {}

    def record(index: int):
        def hook(module, args):
            high, low = args
            seen[index] = (low.shape[-1], high.shape[-1])
        return hook

    for index, excite in enumerate(generator.excite):
        excite.register_forward_pre_hook(record(index))
    z = torch.randn(2, 6)
    generator(z)
    assert sorted(seen.values()) == [(4, size // 2), (8, size)]

    # zeroing the 8x8 source (only where it feeds the gate) changes the full-resolution map and so the image
    last = generator.excite[1]
    handle = last.register_forward_pre_hook(lambda module, args: (args[0], torch.zeros_like(args[1])))
    zeroed = generator(z)
    handle.remove()
    assert not torch.allclose(zeroed, generator(z), atol=1e-6)

    # a shut gate blanks the full-resolution map: every pixel is the output conv's bias
    nn.init.zeros_(last.gate[3].weight)
    nn.init.constant_(last.gate[3].bias, -1e4)
    flat = generator(z)
    assert torch.allclose(flat, torch.tanh(generator.to_image.bias).view(1, 1, 1, 1).expand_as(flat))


def test_targets_are_the_critics_input_pooled_and_the_quadrant_its_part_decoder_reads() -> None:
    torch.manual_seed(0)
    _, critic = _nets(64, False)
    x = torch.randn(8, 1, 64, 64, requires_grad=True)
    _, recon, target = critic(x, with_recon=True)
    assert torch.allclose(target[:, 0], F.avg_pool2d(x, 2))
    quadrants = [(slice(0, 32), slice(0, 32)), (slice(0, 32), slice(32, 64)),
                 (slice(32, 64), slice(0, 32)), (slice(32, 64), slice(32, 64))]
    recon[:, 1].sum().backward()  # the part decoder's output depends on the pixels of the quadrant it read
    for i in range(len(x)):
        (target_quadrant,) = [q for q, (rows, cols) in enumerate(quadrants)
                              if torch.equal(target[i, 1, 0], x[i, 0, rows, cols])]
        read = [x.grad[i, 0, rows, cols].abs().sum() for rows, cols in quadrants]
        assert max(range(4), key=read.__getitem__) == target_quadrant, i


def test_quadrants_picks_each_samples_own() -> None:
    x = torch.arange(2 * 16).float().view(2, 1, 4, 4)
    out = _quadrants(x, torch.tensor([3, 1]))
    assert torch.equal(out[0], x[0, :, 2:, 2:]) and torch.equal(out[1], x[1, :, :2, 2:])


def test_the_reconstruction_trains_the_decoders_and_the_trunk_under_them() -> None:
    torch.manual_seed(0)
    _, critic = _nets(64, True)
    x, labels = torch.randn(3, 1, 64, 64), torch.tensor([0, 1, 2])
    _, recon, target = critic(x, labels, with_recon=True)
    assert not target.requires_grad
    (recon - target).abs().mean().backward()
    reached = {name for name, p in critic.named_parameters() if p.grad is not None and p.grad.abs().sum() > 0}
    for prefix in ("whole.", "part.", "stem.", "downs.0.", "downs.1."):
        assert any(name.startswith(prefix) for name in reached), prefix
    # the last down block makes the 4x4 map only the head reads; the head scores, never reconstructs
    assert not any(name.startswith(("downs.2.", "head.")) for name in reached)


def test_blocks_resample_by_two() -> None:
    assert DownBlock(2, 3)(torch.randn(1, 2, 8, 8)).shape == (1, 3, 4, 4)
    assert Decoder(8, ups=2, channels=1)(torch.randn(1, 8, 8, 8)).shape == (1, 1, 32, 32)

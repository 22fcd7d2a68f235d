from __future__ import annotations

import pytest
import torch

from calligan.config.train import TrainParams
from calligan.gans.spec import ModelSpec
from calligan.gans.wgan import WganFamily, WganSettings


def test_critic_weights_stay_clipped_after_a_step(engine) -> None:
    torch.manual_seed(0)
    family = WganFamily(ModelSpec("wgan", "dcgan", 32, width=8), WganSettings(clip_value=0.005))
    critic = family.discriminator_parameters()
    before = [p.detach().clone() for p in critic]
    # A large RMSprop step throws weights far outside the box; the engine's step must bring them back.
    engine(family, TrainParams(lr_d=0.1)).discriminator_step(torch.rand(4, 1, 32, 32), None, family.sample_latent(4))
    assert any(not torch.equal(b, p) for b, p in zip(before, critic))
    assert max(p.abs().max().item() for p in critic) == pytest.approx(0.005)
    assert all(p.abs().max() <= 0.005 for p in critic)


def test_clip_value_must_be_positive() -> None:
    with pytest.raises(ValueError, match="clip_value"):
        WganSettings(clip_value=0.0)

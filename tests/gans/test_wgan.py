from __future__ import annotations

import pytest
import torch

from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec


def test_critic_weights_stay_clipped_after_a_step(engine_step) -> None:
    torch.manual_seed(0)
    family = build_family(ModelSpec("wgan", "dcgan", 32, width=8), clip_value=0.005)
    critic = family.discriminator_parameters()
    engine_step(
        trained=critic, frozen=family.generator_parameters(), optimizer={"name": "rmsprop", "lr": 0.1},
        loss_fn=lambda: family.discriminator_loss(torch.rand(4, 1, 32, 32), None, family.sample_latent(4)),
    )
    assert max(p.abs().max().item() for p in critic) > 0.005  # the large step left the box...
    family.after_discriminator_step()
    assert max(p.abs().max().item() for p in critic) == pytest.approx(0.005)  # ...and the clip brought it back
    assert all(p.abs().max() <= 0.005 for p in critic)


def test_clip_value_must_be_positive() -> None:
    with pytest.raises(ValueError, match="clip_value"):
        build_family(ModelSpec("wgan", "dcgan", 32, width=8), clip_value=0.0)

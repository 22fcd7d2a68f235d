from __future__ import annotations

import pytest
import torch

from calligan.gans.registry import FAMILIES, build_family, build_generator, loss_kwarg_names
from calligan.gans.spec import ARCHS, ModelSpec


def test_every_family_of_the_spec_is_registered() -> None:
    assert set(FAMILIES) == set(ARCHS)


def test_loss_kwargs_are_accepted_where_used_and_rejected_elsewhere() -> None:
    spec = ModelSpec("wgan-gp", "dcgan", 32, width=8)
    assert build_family(spec, gp_weight=5.0).gp_weight == 5.0
    with pytest.raises(TypeError):
        build_family(spec, clip_value=0.01)
    with pytest.raises(TypeError):
        build_family(ModelSpec("dcgan", "dcgan", 32, width=8), gp_weight=10.0)
    assert loss_kwarg_names("wgan-gp") == ("gp_weight",)
    assert loss_kwarg_names("wgan") == ("clip_value",)
    assert loss_kwarg_names("infogan") == ("info_categorical_weight", "info_continuous_weight")
    assert loss_kwarg_names("dcgan") == ()


def test_build_generator_rebuilds_g_from_the_spec_alone() -> None:
    spec = ModelSpec("wgan-gp", "resnet", 32, width=8, conditional=True, num_classes=4)
    family = build_family(spec)
    generator = build_generator(spec)
    generator.load_state_dict(family.generator.state_dict())
    family.generator.eval(), generator.eval()
    z, labels = torch.randn(2, spec.generator_input_dim), torch.tensor([1, 3])
    assert torch.equal(generator(z, labels), family.generator(z, labels))


def test_unknown_family_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="wgan-gp"):
        loss_kwarg_names("began")

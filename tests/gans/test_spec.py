from __future__ import annotations

import dataclasses
import io

import pytest
import torch

from calligan.gans.spec import ModelSpec


def test_round_trips_through_a_weights_only_checkpoint() -> None:
    spec = ModelSpec("infogan", "dcgan", 28, latent_dim=62, n_categorical=10, n_continuous=2)
    buffer = io.BytesIO()
    torch.save({"spec": dataclasses.asdict(spec)}, buffer)
    buffer.seek(0)
    assert ModelSpec(**torch.load(buffer, weights_only=True)["spec"]) == spec
    assert spec.generator_input_dim == 74


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"family": "stylegan", "arch": "dcgan"}, "unknown GAN family"),
        ({"family": "gan", "arch": "dcgan"}, "has no arch"),
        ({"family": "dcgan", "arch": "resnet"}, "has no arch"),
        ({"family": "dcgan", "arch": "dcgan", "image_size": 48}, "not supported"),
        ({"family": "wgan", "arch": "dcgan", "conditional": True, "num_classes": 10}, "no class-conditional"),
        ({"family": "dcgan", "arch": "dcgan", "conditional": True}, "num_classes >= 2"),
        ({"family": "infogan", "arch": "dcgan"}, "needs latent codes"),
        ({"family": "dcgan", "arch": "dcgan", "n_continuous": 2}, "InfoGAN codes"),
        ({"family": "dcgan", "arch": "dcgan", "width": 0}, "width"),
    ],
)
def test_rejects_inconsistent_specs(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ModelSpec(**{"image_size": 64, **kwargs})


def test_label_count_is_zero_unless_conditional() -> None:
    assert ModelSpec("dcgan", "dcgan", 64, num_classes=100).label_count == 0
    assert ModelSpec("dcgan", "dcgan", 64, num_classes=100, conditional=True).label_count == 100

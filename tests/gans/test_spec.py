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
        ({"family": "infogan", "arch": "dcgan", "n_categorical": 0, "n_continuous": 0}, "needs latent codes"),
        ({"family": "dcgan", "arch": "dcgan", "n_continuous": 2}, "takes none"),
        ({"family": "dcgan", "arch": "dcgan", "width": 0}, "width"),
    ],
)
def test_rejects_inconsistent_specs(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ModelSpec(**{"image_size": 64, **kwargs})


def test_a_spec_as_checkpoints_store_it_loads_unchanged() -> None:
    stored = {"family": "infogan", "arch": "dcgan", "image_size": 28, "channels": 1, "width": 64, "latent_dim": 62,
              "num_classes": 0, "conditional": False, "n_categorical": 10, "n_continuous": 2}
    assert dataclasses.asdict(ModelSpec(**stored)) == stored


def test_what_is_left_as_none_comes_from_the_family() -> None:
    assert ModelSpec("gan", None, 32) == ModelSpec("gan", "mlp", 32, latent_dim=100, n_categorical=0, n_continuous=0)
    info = ModelSpec("infogan", None, 28)
    assert (info.arch, info.latent_dim, info.n_categorical, info.n_continuous) == ("dcgan-fc", 62, 10, 2)
    assert ModelSpec("wgan-gp", None, 32).arch == "dcgan"


def test_label_count_is_zero_unless_conditional() -> None:
    assert ModelSpec("dcgan", "dcgan", 64, num_classes=100).label_count == 0
    assert ModelSpec("dcgan", "dcgan", 64, num_classes=100, conditional=True).label_count == 100

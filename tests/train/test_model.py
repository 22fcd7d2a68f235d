"""From train params and the data to a model: conditional by default when the data has classes."""

from pathlib import Path

import pytest

from calligan.config.train import TrainParams
from calligan.train.export import load_generator
from calligan.train.loop import train
from calligan.train.model import model_spec


@pytest.mark.parametrize(("model", "setting", "num_classes", "expected"), [
    ("wgan-gp", "auto", 3, True), ("dcgan", "auto", 100, True), ("wgan-gp", "auto", 1, False),
    ("wgan", "auto", 3, False), ("gan", "auto", 3, False), ("infogan", "auto", 10, False), ("wgan-gp", False, 3, False),
])
def test_conditional_by_default_when_there_are_classes_and_the_family_takes_them(model, setting, num_classes, expected):
    params = TrainParams(model=model, conditional=setting)
    assert model_spec(params, image_size=32, num_classes=num_classes).conditional is expected


def test_a_default_run_on_labelled_data_trains_a_conditional_generator(tiny_params):
    params = tiny_params("default", steps=1)
    assert params.conditional == "auto"
    train(params, progress=False)
    _, spec = load_generator(Path(params.models_dir) / "generator.pt")
    assert spec.conditional and spec.num_classes == 3

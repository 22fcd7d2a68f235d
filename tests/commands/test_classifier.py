import argparse
import json
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from calligan.cli import build_parser
from calligan.commands import classifier as command
from calligan.config.classifier import ClassifierParams
from calligan.config.loader import build_dataclass
from calligan.errors import CalliganError
from calligan.io.npz import save_npz


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def _args(*argv: str) -> argparse.Namespace:
    return build_parser((command.NAME,)).parse_args([command.NAME, *argv, "--no-progress"])


def _quadrants(path, per_class: int = 20) -> None:
    """Four classes: which quadrant of a 16 px image is lit, under noise."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 60, (4 * per_class, 16, 16)).astype(np.uint8)
    labels = np.repeat(np.arange(4), per_class)
    for i, c in enumerate(labels):
        images[i, (c // 2) * 8 : (c // 2) * 8 + 8, (c % 2) * 8 : (c % 2) * 8 + 8] = 255
    save_npz(path, {"images": images, "labels": labels, "classes": np.array(list("abcd"))})


def test_trains_and_writes_model_and_report(tmp_path):
    _quadrants(tmp_path / "dataset.npz")
    params = SimpleNamespace(classifier=ClassifierParams(input_size=16, width=4, epochs=4, batch_size=16, lr=1e-2, device="cpu", threads=1))
    args = _args("--data", str(tmp_path / "dataset.npz"), "--model", str(tmp_path / "m.pt"), "--report", str(tmp_path / "r.json"))
    assert command.run(params, args) == 0
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["test_accuracy"] >= 0.9 and report["chance_accuracy"] == 0.25
    assert (report["n_train"], report["n_test"], report["n_classes"]) == (64, 16, 4)
    payload = torch.load(tmp_path / "m.pt", weights_only=True)
    assert len(payload["split"]["test_indices"]) == 16 and payload["classes"] == list("abcd")


def test_unlabelled_or_missing_data_is_one_clear_error(tmp_path):
    params = SimpleNamespace(classifier=ClassifierParams(device="cpu", threads=1))
    with pytest.raises(CalliganError, match="run `calligan prepare` first"):
        command.run(params, _args("--data", str(tmp_path / "none.npz")))
    save_npz(tmp_path / "bare.npz", {"images": np.zeros((4, 8, 8), np.uint8)})
    with pytest.raises(CalliganError, match="labelled dataset"):
        command.run(params, _args("--data", str(tmp_path / "bare.npz")))


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [("input_size", 20, "multiple of 8"), ("test_fraction", 1.5, "between 0 and 1"), ("augment_k", 0, "at least 1"), ("threads", -1, "0 \\(all available\\)")],
)
def test_params_reject_unusable_values(key, value, message):
    with pytest.raises(CalliganError, match=message):
        build_dataclass(ClassifierParams, {key: value}, "params.classifier")

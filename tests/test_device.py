from __future__ import annotations

import pytest
import torch

from calligan.device import describe_device, resolve_device
from calligan.errors import CalliganError


def test_cpu_and_auto_resolve():
    assert resolve_device("cpu", setting="x.device") == torch.device("cpu")
    assert resolve_device("auto", setting="x.device").type == ("cuda" if torch.cuda.is_available() else "cpu")


@pytest.mark.parametrize("setting", ["generate.device", "train.device", "classifier.device", "evaluate.device"])
def test_cuda_without_a_device_is_a_clear_error_naming_the_setting(setting, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto", setting=setting) == torch.device("cpu")
    with pytest.raises(CalliganError, match=rf"{setting}=cuda but no CUDA device is visible; use {setting}=auto"):
        resolve_device("cuda", setting=setting)


def test_the_description_names_the_gpu_and_the_builds(monkeypatch):
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda device=None: "NVIDIA Test GPU")
    monkeypatch.setattr(torch.version, "cuda", "13.0")
    line = describe_device(torch.device("cuda", 1), precision="bfloat16 autocast")
    assert line == f"device cuda:1 (NVIDIA Test GPU), bfloat16 autocast, torch {torch.__version__}, CUDA 13.0"
    monkeypatch.setattr(torch.version, "cuda", None)
    assert describe_device(torch.device("cpu"), precision="float32").endswith(", no CUDA (CPU build)")

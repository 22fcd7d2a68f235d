from __future__ import annotations

import pytest
import torch

from calligan.device import resolve_device
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

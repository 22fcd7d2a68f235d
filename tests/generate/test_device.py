from __future__ import annotations

import pytest
import torch

from calligan.errors import CalliganError
from calligan.generate.device import resolve_device


def test_cpu_and_auto_resolve():
    assert resolve_device("cpu") == torch.device("cpu")
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="a CUDA device is visible")
def test_cuda_without_a_device_is_a_clear_error():
    with pytest.raises(CalliganError, match="generate.device=auto"):
        resolve_device("cuda")

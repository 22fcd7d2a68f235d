"""Which device generation runs on."""

from __future__ import annotations

import torch

from calligan.errors import CalliganError


def resolve_device(name: str) -> torch.device:
    """name: auto (CUDA when visible, else CPU) | cpu | cuda."""
    if name == "cuda" and not torch.cuda.is_available():
        raise CalliganError("generate.device=cuda but no CUDA device is visible; use generate.device=auto or cpu")
    if name == "cuda" or (name == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")

"""Which torch device a stage runs on: one rule for every `<group>.device: auto|cpu|cuda` setting."""

from __future__ import annotations

import torch

from calligan.errors import CalliganError


def resolve_device(name: str, *, setting: str, index: int = 0) -> torch.device:
    """auto = CUDA when visible, else CPU; asking for CUDA without one is an error, not a silent CPU run.

    setting: the parameter the value came from (e.g. "train.device"), named in the error.
    index: the CUDA device of this process (torchrun's local rank).
    """
    if name == "cuda" and not torch.cuda.is_available():
        raise CalliganError(f"{setting}=cuda but no CUDA device is visible; use {setting}=auto or cpu")
    if name == "cuda" or (name == "auto" and torch.cuda.is_available()):
        return torch.device("cuda", index)
    return torch.device("cpu")


def describe_device(device: torch.device, *, precision: str) -> str:
    """One log line: where a stage computes, in what precision, with which torch and CUDA builds.

    precision: how the stage computes there, e.g. "float32" or "bf16 autocast".
    """
    where = f"{device} ({torch.cuda.get_device_name(device)})" if device.type == "cuda" else "cpu"
    cuda = f"CUDA {torch.version.cuda}" if torch.version.cuda else "no CUDA (CPU build)"
    return f"device {where}, {precision}, torch {torch.__version__}, {cuda}"

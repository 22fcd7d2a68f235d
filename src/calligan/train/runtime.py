"""Where and how the loop computes: device, autocast dtype, memory format."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import torch

from calligan.device import resolve_device


@dataclass(frozen=True)
class Runtime:
    device: torch.device
    amp_dtype: torch.dtype | None  # autocast dtype, None for plain float32
    channels_last: bool

    def autocast(self) -> contextlib.AbstractContextManager:
        if self.amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self.amp_dtype)

    @property
    def memory_format(self) -> torch.memory_format:
        return torch.channels_last if self.channels_last else torch.contiguous_format


def resolve_runtime(*, device: str, amp: str, channels_last: bool, local_rank: int = 0) -> Runtime:
    """device: auto|cpu|cuda; amp: auto|bf16|off (auto = bf16 on CUDA only); channels_last: on CUDA only.

    local_rank: the CUDA device index of this process under torchrun.
    """
    dev = resolve_device(device, setting="train.device", index=local_rank)
    use_cuda = dev.type == "cuda"
    amp_dtype = torch.bfloat16 if amp == "bf16" or (amp == "auto" and use_cuda) else None
    return Runtime(device=dev, amp_dtype=amp_dtype, channels_last=channels_last and use_cuda)

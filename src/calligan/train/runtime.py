"""Where and how training computes: the device, the autocast dtype and memory format, and the
processes under torchrun (process group, DDP wrapping, the collectives every process agrees through).

Started by `torchrun --nproc_per_node=N`, the same `calligan train` command runs N times; the
environment torchrun sets (RANK, WORLD_SIZE, LOCAL_RANK) is how a process learns its place.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

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


@dataclass(frozen=True)
class Dist:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        """The one process that writes outputs."""
        return self.rank == 0


def launched_by_torchrun() -> bool:
    return "RANK" in os.environ and "WORLD_SIZE" in os.environ


def is_main_process() -> bool:
    """Rank 0 under torchrun, or a lone process: the one that writes and prints."""
    return int(os.environ.get("RANK", "0")) == 0


def init_process_group() -> Dist:
    """Join the torchrun process group (NCCL on GPU, gloo on CPU); a single process without torchrun."""
    if not launched_by_torchrun():
        return Dist()
    if not dist.is_initialized():
        dist.init_process_group(backend="nccl" if torch.cuda.is_available() else "gloo")
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank)
    return Dist(rank=dist.get_rank(), world_size=dist.get_world_size(), local_rank=local_rank)


def _multi_process() -> bool:
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def wrap(module: nn.Module, *, device: torch.device) -> nn.Module:
    """DDP around `module` when a process group is up, else `module` itself."""
    if not _multi_process():
        return module
    device_ids = [device.index] if device.type == "cuda" else None
    return DistributedDataParallel(module, device_ids=device_ids)


def mean_over_processes(value: torch.Tensor) -> torch.Tensor:
    """`value` averaged over the processes (a new tensor; `value` itself when alone)."""
    if not _multi_process():
        return value
    total = value.detach().clone()
    dist.all_reduce(total)  # a sum: gloo has no AVG
    return total / dist.get_world_size()


def no_sync(module: nn.Module) -> contextlib.AbstractContextManager:
    """Forward through a frozen DDP module without arming its gradient reduction (no grads will come)."""
    return module.no_sync() if isinstance(module, DistributedDataParallel) else contextlib.nullcontext()


def all_true(flag: bool, *, device: torch.device) -> bool:
    """Whether `flag` holds on every process (one collective; itself when alone)."""
    if not _multi_process():
        return flag
    value = torch.tensor([1.0 if flag else 0.0], device=device)
    dist.all_reduce(value, op=dist.ReduceOp.MIN)
    return bool(value.item())


def barrier() -> None:
    if _multi_process():
        dist.barrier()

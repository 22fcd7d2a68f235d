"""Resumable checkpoints: written atomically, read back without ever unpickling code.

A checkpoint holds only tensors, numbers, strings and containers of them, so `torch.load` runs with
`weights_only=True`; a file carrying any other pickled object is refused, never executed.
"""

from __future__ import annotations

import os

import torch

from calligan.io.atomic import atomic_path
from calligan.io.torch_files import safe_load


def save_checkpoint(path: str | os.PathLike, state: dict) -> None:
    with atomic_path(path) as tmp:
        torch.save(state, tmp)


def load_checkpoint(path: str | os.PathLike, *, map_location=None) -> dict:
    return safe_load(path, map_location=map_location, what="the checkpoint (delete it or rerun with --fresh)")

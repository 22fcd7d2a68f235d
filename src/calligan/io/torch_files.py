"""Torch files read without ever unpickling code: checkpoints, generators, classifiers, FID weights."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import torch

from calligan.errors import CalliganError


def safe_load(path: str | os.PathLike, *, map_location=None, what: str) -> dict:
    """`torch.load(weights_only=True)`, turning a refused or broken file into one clear line.

    what: how to name the file to the user, with what to do about it, e.g. "checkpoint (rerun with --fresh)".
    """
    path = Path(path)
    try:
        return torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CalliganError(f"{path}: refused to load {what}: it holds objects other than tensors and "
                            f"numbers ({first})") from None
    except Exception as exc:  # a damaged file makes the unpickler fail in arbitrary ways (KeyError, ValueError, ...)
        raise CalliganError(f"{path}: cannot read {what}: {type(exc).__name__}: {exc}") from None

"""`models/generator.pt`: the EMA generator and the spec that rebuilds it, for the generate stage."""

from __future__ import annotations

import dataclasses
import io
import os

import torch
from torch import nn

from calligan.gans.registry import build_generator
from calligan.gans.spec import ModelSpec
from calligan.io.atomic import atomic_write_bytes
from calligan.io.torch_files import safe_load


def save_generator(path: str | os.PathLike, *, generator: nn.Module, spec: ModelSpec) -> None:
    """generator: the (EMA) network whose weights to ship, unwrapped (no DDP/compile prefixes)."""
    state = {k: v.detach().cpu() for k, v in generator.state_dict().items()}
    buffer = io.BytesIO()
    torch.save({"spec": dataclasses.asdict(spec), "state_dict": state}, buffer)
    atomic_write_bytes(path, buffer.getvalue())


def load_generator(path: str | os.PathLike, map_location=None) -> tuple[nn.Module, ModelSpec]:
    """Rebuild G from the file alone, in eval mode, with weights_only loading."""
    payload = safe_load(path, map_location=map_location, what="the generator (retrain with calligan train)")
    spec = ModelSpec(**payload["spec"])
    generator = build_generator(spec)
    generator.load_state_dict(payload["state_dict"])
    if map_location is not None:
        generator.to(map_location)
    return generator.eval(), spec

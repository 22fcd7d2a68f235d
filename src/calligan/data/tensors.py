"""Packed uint8 images to and from the networks' float range [-1, 1] (background -1, ink +1)."""

from __future__ import annotations

import numpy as np
import torch


def to_unit_range(images: np.ndarray | torch.Tensor) -> torch.Tensor:
    """uint8 0..255 to float32 -1..1 exactly (x / 127.5 - 1); a channel axis is added after the batch."""
    tensor = torch.as_tensor(images).to(torch.float32)
    return (tensor / 127.5 - 1.0).unsqueeze(-3)


def to_uint8(images: torch.Tensor) -> torch.Tensor:
    """The inverse of `to_unit_range`: [B, 1, S, S] in [-1, 1] -> uint8 [B, S, S], clamped and rounded."""
    return images[:, 0].clamp(-1, 1).add(1).mul(127.5).round().to(torch.uint8)

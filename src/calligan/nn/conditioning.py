"""Class conditioning of a generator: the label enters as a one-hot block appended to z.

A one-hot block feeding the first linear layer is a learned class embedding (that layer's columns)
without a second table to size.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def check_labels(labels: torch.Tensor | None, *, num_classes: int, batch: int) -> None:
    """num_classes: 0 for an unconditional net (labels must be None); batch: expected label count."""
    if num_classes == 0:
        if labels is not None:
            raise ValueError("this network is unconditional: call it with labels=None")
        return
    if labels is None:
        raise ValueError(f"this network is class-conditional ({num_classes} classes): pass labels")
    if labels.shape != (batch,):
        raise ValueError(f"labels must have shape ({batch},), got {tuple(labels.shape)}")


def with_one_hot(z: torch.Tensor, labels: torch.Tensor | None, *, num_classes: int) -> torch.Tensor:
    """z with the one-hot labels appended (unchanged for an unconditional net, num_classes=0)."""
    check_labels(labels, num_classes=num_classes, batch=z.shape[0])
    if num_classes == 0:
        return z
    return torch.cat([z, F.one_hot(labels, num_classes).to(z.dtype)], dim=1)

"""Class conditioning of a generator: the label enters as a one-hot block appended to z, and again in
every BatchNorm as a per-class scale and shift (conditional batch norm).

A one-hot block feeding the first linear layer is a learned class embedding (that layer's columns)
without a second table to size. But each BatchNorm after it re-centres the maps over the batch, which
mixes classes, so on its own the label fades with depth; conditional batch norm (de Vries et al. 2017,
the generator of Miyato & Koyama's projection-discriminator GAN) gives it a say at every resolution.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


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


class ConditionalBatchNorm2d(nn.Module):
    """BatchNorm without its own affine; scale 1 + gain[y] and shift bias[y] per class instead.

    Stored as 1 + gain so that DCGAN's N(0, 0.02) init of embeddings gives scales N(1, 0.02), its
    init of BatchNorm scales, with no special case.
    """

    def __init__(self, channels: int, *, num_classes: int):
        super().__init__()
        self.norm = nn.BatchNorm2d(channels, affine=False)
        self.gain = nn.Embedding(num_classes, channels)
        self.bias = nn.Embedding(num_classes, channels)

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        scale = 1 + self.gain(labels)[:, :, None, None]
        return self.norm(x) * scale + self.bias(labels)[:, :, None, None]

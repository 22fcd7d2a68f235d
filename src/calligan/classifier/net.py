"""The small CNN: three conv blocks and a linear head, sized to learn 100 characters on 2 CPU cores."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

_BLOCKS = 3  # each block halves the side, so input_size must be divisible by 2**_BLOCKS


class SmallCNN(nn.Module):
    """Logits over `n_classes` for uint8-derived images of any size (resized to `input_size` inside)."""

    def __init__(self, *, n_classes: int, width: int, input_size: int) -> None:
        """n_classes: output logits; width: channels of the first block (doubling per block);
        input_size: side the images are resized to before the first convolution."""
        super().__init__()
        if input_size % 2**_BLOCKS:
            raise ValueError(f"input_size must be divisible by {2**_BLOCKS}, got {input_size}")
        self.input_size = input_size
        layers: list[nn.Module] = []
        channels = 1
        for block in range(_BLOCKS):
            out = width * 2**block
            layers += [
                nn.Conv2d(channels, out, 3, padding=1, bias=False),
                nn.BatchNorm2d(out),
                nn.ReLU(inplace=True),
                nn.MaxPool2d(2),
            ]
            channels = out
        self.features = nn.Sequential(*layers)
        # Flatten, not global pooling: where a stroke sits is what tells similar characters apart.
        side = input_size // 2**_BLOCKS
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(channels * side * side, n_classes))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(to_input(images, self.input_size)))


def to_input(images: torch.Tensor, size: int) -> torch.Tensor:
    """uint8 (N,H,W) with ink bright -> float (N,1,size,size) in [-1, 1], antialiased when shrinking."""
    x = images.unsqueeze(1).float().div_(127.5).sub_(1.0)
    if x.shape[-1] != size or x.shape[-2] != size:
        x = F.interpolate(x, size=(size, size), mode="bilinear", antialias=True, align_corners=False)
    return x

"""TensorFlow "SAME" transposed convolution, reproduced exactly for any kernel and stride.

TF defines `conv2d_transpose(padding="SAME")` as the gradient of a stride-s "SAME" convolution whose
input is `n * s` wide. That convolution pads `max(k - s, 0)` in total, `max(k - s, 0) // 2` before, so
its transpose is the full transposed convolution cropped by that same amount before and cut to `n * s`.
PyTorch's `padding` crops symmetrically, which is exact only when `k - s` is even (k=4, s=2); for odd
`k - s` (k=3 or 5 with s=2) the usual `padding=(k-1)//2, output_padding=1` lands one pixel off.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def _pair(value: int | tuple[int, int]) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else tuple(value)


def tf_same_crop_before(kernel: int, stride: int) -> int:
    """Rows (columns) TF drops from the start of the full transposed convolution."""
    return max(kernel - stride, 0) // 2


def conv_transpose2d_same(
    input: torch.Tensor,
    weight: torch.Tensor,
    bias: torch.Tensor | None = None,
    *,
    stride: int | tuple[int, int],
) -> torch.Tensor:
    """TF `conv2d_transpose(padding="SAME")`: output is exactly `input * stride` on each side.

    weight uses PyTorch's transposed layout `[in_channels, out_channels, kH, kW]`.
    """
    strides = _pair(stride)
    kernels = tuple(weight.shape[-2:])
    crop = tuple(tf_same_crop_before(k, s) for k, s in zip(kernels, strides))
    # With k < s the full transposed convolution is shorter than n*s; TF fills the tail with zeros (+ bias).
    tail = tuple(max(s - k, 0) for k, s in zip(kernels, strides))
    out = F.conv_transpose2d(input, weight, bias, stride=strides, padding=crop, output_padding=tail)
    height, width = input.shape[-2] * strides[0], input.shape[-1] * strides[1]
    return out[..., :height, :width]


class ConvTranspose2dSame(nn.ConvTranspose2d):
    """`nn.ConvTranspose2d` with TF "SAME" geometry; same parameters, so inits and state dicts carry over."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int, bias: bool = True):
        super().__init__(in_channels, out_channels, kernel_size, stride=stride, bias=bias)

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        return conv_transpose2d_same(input, self.weight, self.bias, stride=self.stride)

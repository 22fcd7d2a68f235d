"""Print the seed's worked example of a TF "SAME" transposed convolution, by hand and by calligan.

Run: `.venv/bin/python docs/tools/tf_same_example.py`; its output is pasted into
docs/tf_same_transposed_conv.md.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view

from calligan.nn.layers import conv_transpose2d_same, tf_same_crop_before

SIDE, KERNEL, STRIDE = 3, 3, 2  # the seed's example: 3x3 input, 3x3 kernel, stride 2


def show(title: str, array: np.ndarray) -> None:
    print(f"{title}:")
    print(np.array2string(array.astype(int), separator=" ").replace("[", " ").replace("]", ""))
    print()


def by_hand(image: np.ndarray, kernel: np.ndarray, stride: int) -> np.ndarray:
    n, k = image.shape[0], kernel.shape[0]
    dilated = np.zeros(((n - 1) * stride + 1,) * 2)
    dilated[::stride, ::stride] = image
    show(f"1. {stride - 1} zero(s) inserted between pixels", dilated)
    before = k - 1 - tf_same_crop_before(k, stride)
    after = n * stride + k - 1 - dilated.shape[0] - before
    padded = np.pad(dilated, ((before, after), (before, after)))
    show(f"2. padded {before} before (top/left), {after} after (bottom/right)", padded)
    rotated = kernel[::-1, ::-1]
    show("3. the kernel rotated 180 degrees", rotated)
    return np.einsum("ijkl,kl->ij", sliding_window_view(padded, rotated.shape), rotated)


def main() -> None:
    image = np.arange(1, SIDE * SIDE + 1, dtype=np.float64).reshape(SIDE, SIDE)
    kernel = np.arange(1, KERNEL * KERNEL + 1, dtype=np.float64).reshape(KERNEL, KERNEL)
    show("input", image)
    show("kernel", kernel)
    hand = by_hand(image, kernel, STRIDE)
    show("4. valid correlation, stride 1 -> TF 'SAME' result", hand)
    x, w = torch.from_numpy(image)[None, None], torch.from_numpy(kernel)[None, None]
    ours = conv_transpose2d_same(x, w, stride=STRIDE)[0, 0].numpy()
    print(f"calligan conv_transpose2d_same equals it: {np.array_equal(ours, hand)}\n")
    usual = F.conv_transpose2d(x, w, stride=STRIDE, padding=1, output_padding=1)[0, 0].numpy()
    show("PyTorch ConvTranspose2d(padding=1, output_padding=1)", usual)
    print(f"equals TF: {np.array_equal(usual, hand)}; equals TF shifted one pixel up-left: "
          f"{np.array_equal(usual[:-1, :-1], hand[1:, 1:])}\n")
    print("usual PyTorch: padding=(k-1)//2 and the output_padding that makes the side n*s")
    print("kernel  stride  TF crop before  usual PyTorch exact?")
    for k in (2, 3, 4, 5):
        kernel_k = torch.arange(1.0, k * k + 1, dtype=torch.float64).reshape(1, 1, k, k)
        padding = (k - 1) // 2
        usual_k = F.conv_transpose2d(x, kernel_k, stride=STRIDE, padding=padding,
                                     output_padding=SIDE * STRIDE - ((SIDE - 1) * STRIDE + k - 2 * padding))
        exact = torch.equal(usual_k, conv_transpose2d_same(x, kernel_k, stride=STRIDE))
        print(f"{k:>6}  {STRIDE:>6}  {tf_same_crop_before(k, STRIDE):>14}  padding={padding}: {exact}")


if __name__ == "__main__":
    main()

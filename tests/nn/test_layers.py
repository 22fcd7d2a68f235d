"""TF "SAME" transposed convolution against the seed's zero-insertion recipe, written here in numpy."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view

from calligan.nn.layers import ConvTranspose2dSame, conv_transpose2d_same

COMBOS = [(2, 2), (3, 2), (4, 2), (5, 2), (1, 2), (3, 1), (3, 3), (5, 3), (2, 3), (4, 4)]


def correlate_valid(image: np.ndarray, kernel: np.ndarray, stride: int = 1) -> np.ndarray:
    windows = sliding_window_view(image, kernel.shape)[::stride, ::stride]
    return np.einsum("ijkl,kl->ij", windows, kernel)


def zero_insertion(image: np.ndarray, kernel: np.ndarray, stride: int) -> np.ndarray:
    """Insert s-1 zeros between pixels, pad, valid correlation with the 180-degree-rotated kernel.

    The padding follows TF's rule for the forward "SAME" convolution this one transposes:
    max(k - s, 0) in total, half (rounded down) before.
    """
    n, k = image.shape[0], kernel.shape[0]
    dilated = np.zeros(((n - 1) * stride + 1,) * 2)
    dilated[::stride, ::stride] = image
    before = k - 1 - max(k - stride, 0) // 2
    after = n * stride + k - 1 - dilated.shape[0] - before
    return correlate_valid(np.pad(dilated, ((before, after), (before, after))), kernel[::-1, ::-1])


def seed_recipe_stride2(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """The seed article's words for stride 2: one extra zero row/column top-left, then (k-1) more
    zeros split floor-half before and the rest after."""
    k = kernel.shape[0]
    dilated = np.zeros((2 * image.shape[0] - 1,) * 2)
    dilated[::2, ::2] = image
    before, after = 1 + (k - 1) // 2, (k - 1) - (k - 1) // 2
    return correlate_valid(np.pad(dilated, ((before, after), (before, after))), kernel[::-1, ::-1])


def conv_same(image: np.ndarray, kernel: np.ndarray, stride: int) -> np.ndarray:
    """TF forward conv2d "SAME" on an input divisible by the stride."""
    total = max(kernel.shape[0] - stride, 0)
    padded = np.pad(image, ((total // 2, total - total // 2),) * 2)
    return correlate_valid(padded, kernel, stride)


def layer(image: np.ndarray, kernel: np.ndarray, stride: int) -> np.ndarray:
    x = torch.from_numpy(image)[None, None]
    w = torch.from_numpy(np.ascontiguousarray(kernel))[None, None]
    return conv_transpose2d_same(x, w, stride=stride)[0, 0].numpy()


@pytest.mark.parametrize(("kernel_size", "stride"), COMBOS)
def test_matches_zero_insertion_recipe(kernel_size: int, stride: int) -> None:
    rng = np.random.default_rng(kernel_size * 10 + stride)
    image, kernel = rng.standard_normal((3, 3)), rng.standard_normal((kernel_size, kernel_size))
    out = layer(image, kernel, stride)
    assert out.shape == (3 * stride, 3 * stride)
    np.testing.assert_allclose(out, zero_insertion(image, kernel, stride), atol=1e-12)


@pytest.mark.parametrize("kernel_size", [2, 3, 4, 5, 6])
def test_matches_seed_wording_at_stride_2(kernel_size: int) -> None:
    rng = np.random.default_rng(kernel_size)
    image, kernel = rng.standard_normal((4, 4)), rng.standard_normal((kernel_size, kernel_size))
    np.testing.assert_allclose(layer(image, kernel, 2), seed_recipe_stride2(image, kernel), atol=1e-12)


@pytest.mark.parametrize(("kernel_size", "stride"), COMBOS)
def test_is_the_adjoint_of_tf_same_convolution(kernel_size: int, stride: int) -> None:
    """TF defines the transposed conv as the gradient of conv "SAME": <conv(y), x> == <y, convT(x)>."""
    rng = np.random.default_rng(100 + kernel_size * 10 + stride)
    x = rng.standard_normal((4, 4))
    y = rng.standard_normal((4 * stride, 4 * stride))
    kernel = rng.standard_normal((kernel_size, kernel_size))
    assert np.vdot(conv_same(y, kernel, stride), x) == pytest.approx(np.vdot(y, layer(x, kernel, stride)))


@pytest.mark.parametrize("kernel_size", [3, 5])
def test_pytorch_usual_padding_is_shifted_one_pixel(kernel_size: int) -> None:
    rng = np.random.default_rng(7)
    image, kernel = rng.standard_normal((3, 3)), rng.standard_normal((kernel_size, kernel_size))
    tf = layer(image, kernel, 2)
    x, w = torch.from_numpy(image)[None, None], torch.from_numpy(kernel)[None, None]
    usual = F.conv_transpose2d(x, w, stride=2, padding=(kernel_size - 1) // 2, output_padding=1)[0, 0].numpy()
    assert usual.shape == tf.shape
    assert not np.allclose(usual, tf)
    np.testing.assert_allclose(usual[:-1, :-1], tf[1:, 1:], atol=1e-12)


def test_pytorch_padding_1_is_exact_for_kernel_4() -> None:
    rng = np.random.default_rng(4)
    image, kernel = rng.standard_normal((3, 3)), rng.standard_normal((4, 4))
    x, w = torch.from_numpy(image)[None, None], torch.from_numpy(kernel)[None, None]
    usual = F.conv_transpose2d(x, w, stride=2, padding=1)[0, 0].numpy()
    np.testing.assert_allclose(usual, layer(image, kernel, 2), atol=1e-12)


def test_module_sums_channels_and_adds_bias() -> None:
    torch.manual_seed(0)
    module = ConvTranspose2dSame(2, 3, kernel_size=3, stride=2).double()
    x = torch.randn(1, 2, 3, 3, dtype=torch.float64)
    out = module(x).detach().numpy()[0]
    w, b = module.weight.detach().numpy(), module.bias.detach().numpy()
    for o in range(3):
        expected = sum(zero_insertion(x[0, c].numpy(), w[c, o], 2) for c in range(2)) + b[o]
        np.testing.assert_allclose(out[o], expected, atol=1e-12)

from __future__ import annotations

import torch
from torch import nn

from calligan.nn.init import DCGAN_STD, dcgan_init, output_layer_init
from calligan.nn.layers import ConvTranspose2dSame


def test_weights_are_normal_with_dcgan_std_and_biases_zero() -> None:
    torch.manual_seed(0)
    net = dcgan_init(nn.Sequential(nn.Conv2d(16, 64, 4), nn.BatchNorm2d(64), nn.Linear(64, 64)))
    conv, norm, linear = net
    assert abs(conv.weight.std().item() - DCGAN_STD) < 0.002 and abs(conv.weight.mean().item()) < 0.002
    assert abs(norm.weight.mean().item() - 1) < 0.01 and abs(norm.weight.std().item() - DCGAN_STD) < 0.01
    assert conv.bias.abs().sum() == 0 and norm.bias.abs().sum() == 0 and linear.bias.abs().sum() == 0


def test_output_layer_starts_at_unit_scale_for_relu_inputs() -> None:
    torch.manual_seed(0)
    layer = output_layer_init(ConvTranspose2dSame(64, 1, 4, 2))
    # He: Var(w) = 2 / fan-in, with (4 / 2)^2 = 4 taps per output pixel from each of the 64 channels
    assert abs(layer.weight.std().item() - (2 / (64 * 4)) ** 0.5) < 0.01
    features = torch.relu(torch.randn(256, 64, 8, 8))
    assert 0.7 < layer(features).std().item() < 1.4  # DCGAN's N(0, 0.02) gives ~0.16: tanh stays near 0

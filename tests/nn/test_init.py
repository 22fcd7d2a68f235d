from __future__ import annotations

import torch
from torch import nn

from calligan.nn.init import DCGAN_STD, dcgan_init


def test_weights_are_normal_with_dcgan_std_and_biases_zero() -> None:
    torch.manual_seed(0)
    net = dcgan_init(nn.Sequential(nn.Conv2d(16, 64, 4), nn.BatchNorm2d(64), nn.Linear(64, 64)))
    conv, norm, linear = net
    assert abs(conv.weight.std().item() - DCGAN_STD) < 0.002 and abs(conv.weight.mean().item()) < 0.002
    assert abs(norm.weight.mean().item() - 1) < 0.01 and abs(norm.weight.std().item() - DCGAN_STD) < 0.01
    assert conv.bias.abs().sum() == 0 and norm.bias.abs().sum() == 0 and linear.bias.abs().sum() == 0

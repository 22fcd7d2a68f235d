"""pytorch-fid's FID InceptionV3, built here so that loading it can never download anything.

`pytorch_fid.inception.fid_inception_v3` always goes through `load_state_dict_from_url`; this file
assembles the same network from the same classes and loads the state dict from a local file.
`FIDFeatureNet` then runs exactly pytorch-fid's 2048-d path (bilinear resize to 299, scale to [-1, 1],
blocks 0-3) with two exact speed-ups: batch norm folded into each convolution, and for gray input the
three identical channels folded into the first convolution's weights (its sum over input channels).
"""

from __future__ import annotations

import os

import torch
import torch.nn.functional as F
import torchvision
from pytorch_fid.inception import FIDInceptionA, FIDInceptionC, FIDInceptionE_1, FIDInceptionE_2
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval
from torchvision.models.inception import BasicConv2d

from calligan.io.torch_files import safe_load
from calligan.metrics.stats import FEATURE_DIMS

INPUT_SIZE = 299
# The classifier of the 2015 TF graph: 1008 classes (pytorch-fid keeps it for its state dict).
NUM_CLASSES = 1008


def build_fid_inception() -> torchvision.models.Inception3:
    """The FID InceptionV3 architecture with uninitialised weights (load a state dict into it)."""
    net = torchvision.models.inception_v3(num_classes=NUM_CLASSES, aux_logits=False, weights=None, init_weights=False)
    net.Mixed_5b = FIDInceptionA(192, pool_features=32)
    net.Mixed_5c = FIDInceptionA(256, pool_features=64)
    net.Mixed_5d = FIDInceptionA(288, pool_features=64)
    net.Mixed_6b = FIDInceptionC(768, channels_7x7=128)
    net.Mixed_6c = FIDInceptionC(768, channels_7x7=160)
    net.Mixed_6d = FIDInceptionC(768, channels_7x7=160)
    net.Mixed_6e = FIDInceptionC(768, channels_7x7=192)
    net.Mixed_7b = FIDInceptionE_1(1280)
    net.Mixed_7c = FIDInceptionE_2(FEATURE_DIMS)
    return net


def load_fid_inception(weights: str | os.PathLike) -> torchvision.models.Inception3:
    net = build_fid_inception()
    net.load_state_dict(safe_load(weights, map_location="cpu", what="the FID Inception weights"))
    return net.eval().requires_grad_(False)


def basic_convs(net: nn.Module) -> list[BasicConv2d]:
    """Every conv+BN unit in registration order, which is the TF graph's layer order."""
    return [module for module in net.modules() if isinstance(module, BasicConv2d)]


class FIDFeatureNet(nn.Module):
    """Images in [0, 1], (N, 1 or 3, H, W) float -> (N, 2048) pool3 features, as pytorch-fid computes them."""

    def __init__(self, inception: torchvision.models.Inception3):
        super().__init__()
        for unit in basic_convs(inception):
            unit.conv = fuse_conv_bn_eval(unit.conv, unit.bn)
            unit.bn = nn.Identity()
        stem = inception.Conv2d_1a_3x3.conv
        self.stem = stem
        # A gray image replicated to RGB meets the stem's three input channels with equal values, so
        # summing the stem's weights over input channels gives the same output from one channel.
        self.gray_stem = nn.Conv2d(1, stem.out_channels, stem.kernel_size, stride=stem.stride, padding=stem.padding)
        with torch.no_grad():
            self.gray_stem.weight.copy_(stem.weight.sum(dim=1, keepdim=True))
            self.gray_stem.bias.copy_(stem.bias)
        self.body = nn.Sequential(
            inception.Conv2d_2a_3x3,
            inception.Conv2d_2b_3x3,
            nn.MaxPool2d(kernel_size=3, stride=2),
            inception.Conv2d_3b_1x1,
            inception.Conv2d_4a_3x3,
            nn.MaxPool2d(kernel_size=3, stride=2),
            inception.Mixed_5b,
            inception.Mixed_5c,
            inception.Mixed_5d,
            inception.Mixed_6a,
            inception.Mixed_6b,
            inception.Mixed_6c,
            inception.Mixed_6d,
            inception.Mixed_6e,
            inception.Mixed_7a,
            inception.Mixed_7b,
            inception.Mixed_7c,
            nn.AdaptiveAvgPool2d(output_size=(1, 1)),
        )
        self.eval().requires_grad_(False)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(images, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False)
        x = 2 * x - 1
        stem = self.gray_stem if x.shape[1] == 1 else self.stem
        x = F.relu(stem(x))
        return self.body(x).flatten(1)

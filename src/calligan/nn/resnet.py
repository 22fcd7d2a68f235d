"""The residual G and critic of Gulrajani et al. 2017 (WGAN-GP, 64x64), sized by the image plan.

Pre-activation blocks; G up-samples by nearest neighbour then 3x3 conv, the critic down-samples by
3x3 conv then 2x2 mean-pool, shortcuts are 1x1 convs on the resampled input. The critic normalises
with layer norm (never BatchNorm: it would couple the samples the gradient penalty treats apart).
"""

from __future__ import annotations

import torch
from torch import nn

from calligan.nn.conditioning import with_one_hot
from calligan.nn.heads import ProjectionHead
from calligan.nn.norms import norm2d
from calligan.nn.plan import plan_for


def _conv3(c_in: int, c_out: int) -> nn.Conv2d:
    return nn.Conv2d(c_in, c_out, 3, padding=1)


class UpBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int):
        super().__init__()
        self.body = nn.Sequential(
            nn.BatchNorm2d(c_in), nn.ReLU(), nn.Upsample(scale_factor=2, mode="nearest"), _conv3(c_in, c_out),
            nn.BatchNorm2d(c_out), nn.ReLU(), _conv3(c_out, c_out),
        )
        self.skip = nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(c_in, c_out, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x) + self.skip(x)


class DownBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int):
        super().__init__()
        self.body = nn.Sequential(
            norm2d("layer", c_in), nn.ReLU(), _conv3(c_in, c_in),
            norm2d("layer", c_in), nn.ReLU(), _conv3(c_in, c_out), nn.AvgPool2d(2),
        )
        self.skip = nn.Sequential(nn.AvgPool2d(2), nn.Conv2d(c_in, c_out, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x) + self.skip(x)


class ResNetGenerator(nn.Module):
    def __init__(self, *, input_dim: int, num_classes: int, width: int, channels: int, image_size: int):
        """input_dim: z size; num_classes: 0 unless conditional; width: channels at full resolution."""
        super().__init__()
        plan = plan_for(image_size=image_size, width=width)
        self.num_classes = num_classes
        top = plan.channels(plan.stages)
        self.net = nn.Sequential(
            nn.Linear(input_dim + num_classes, top * plan.base**2),
            nn.Unflatten(1, (top, plan.base, plan.base)),
            *(UpBlock(plan.channels(d), plan.channels(d - 1)) for d in range(plan.stages, 0, -1)),
            nn.BatchNorm2d(plan.channels(0)), nn.ReLU(), _conv3(plan.channels(0), channels), nn.Tanh(),
        )

    def forward(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        return self.net(with_one_hot(z, labels, num_classes=self.num_classes))


class ResNetDiscriminator(nn.Module):
    def __init__(self, *, num_classes: int, width: int, channels: int, image_size: int):
        super().__init__()
        plan = plan_for(image_size=image_size, width=width)
        self.trunk = nn.Sequential(
            _conv3(channels, plan.channels(0)),
            *(DownBlock(plan.channels(d), plan.channels(d + 1)) for d in range(plan.stages)),
            nn.ReLU(), nn.Flatten(),
        )
        # a Wasserstein critic: a constant offset on the score would never receive a gradient
        self.head = ProjectionHead(features=plan.channels(plan.stages) * plan.base**2, num_classes=num_classes, bias=False)

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        return self.head(self.trunk(x), labels)

"""DCGAN networks (Radford et al. 2015): strided (transposed) convolutions only, no pooling.

G: linear + BatchNorm + ReLU to the base map (InfoGAN's MNIST G puts a fully connected layer before
it), then 4x4 stride-2 TF-"SAME" transposed convolutions with BatchNorm + ReLU, the last one to the
image with tanh and no BatchNorm. A class-conditional G takes the label as a one-hot block of its input
and in every BatchNorm (conditional batch norm). D mirrors it with 4x4 stride-2 convolutions and
LeakyReLU(0.2), no normalisation on its input layer.
"""

from __future__ import annotations

import torch
from torch import nn

from calligan.nn.conditioning import ConditionalBatchNorm2d, with_one_hot
from calligan.nn.heads import ProjectionHead
from calligan.nn.layers import ConvTranspose2dSame
from calligan.nn.norms import Norm, norm2d
from calligan.nn.plan import plan_for

KERNEL = 4  # with stride 2 PyTorch's padding=1 equals TF "SAME": no crop, fast cuDNN path
LEAK = 0.2


class DCGANGenerator(nn.Module):
    def __init__(self, *, input_dim: int, num_classes: int, width: int, channels: int, image_size: int,
                 hidden: int = 0):
        """input_dim: z size (noise + codes); num_classes: 0 unless class-conditional;
        width: channels of the last hidden map (each earlier map doubles it); channels/image_size: output;
        hidden: units of a fully connected layer (BatchNorm, ReLU) between z and the base map; 0: none."""
        super().__init__()
        plan = plan_for(image_size=image_size, width=width)
        self.num_classes = num_classes
        top = plan.channels(plan.stages - 1)
        inputs = input_dim + num_classes
        fully_connected = ([nn.Linear(inputs, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU()]
                           if hidden else [])
        self.stem = nn.Sequential(*fully_connected, nn.Linear(hidden or inputs, top * plan.base**2, bias=False),
                                  nn.Unflatten(1, (top, plan.base, plan.base)))
        # the map `distance` doublings from the output has plan.channels(distance - 1) channels
        widths = [top] + [plan.channels(distance - 2) for distance in range(plan.stages, 1, -1)]
        self.norms = nn.ModuleList(
            ConditionalBatchNorm2d(c, num_classes=num_classes) if num_classes else nn.BatchNorm2d(c) for c in widths
        )
        self.ups = nn.ModuleList(ConvTranspose2dSame(c_in, c_out, KERNEL, 2, bias=False)
                                 for c_in, c_out in zip(widths, widths[1:]))
        self.to_image = ConvTranspose2dSame(plan.channels(0), channels, KERNEL, 2)

    def _norm(self, index: int, x: torch.Tensor, labels: torch.Tensor | None) -> torch.Tensor:
        norm = self.norms[index]
        return torch.relu(norm(x, labels) if self.num_classes else norm(x))

    def forward(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        x = self._norm(0, self.stem(with_one_hot(z, labels, num_classes=self.num_classes)), labels)
        for index, up in enumerate(self.ups, start=1):
            x = self._norm(index, up(x), labels)
        return torch.tanh(self.to_image(x))


class DCGANTrunk(nn.Module):
    """Image -> flat feature vector of size `self.features` (the base map, flattened)."""

    def __init__(self, *, width: int, channels: int, image_size: int, norm: Norm):
        super().__init__()
        plan = plan_for(image_size=image_size, width=width)
        layers: list[nn.Module] = [nn.Conv2d(channels, plan.channels(0), KERNEL, 2, 1), nn.LeakyReLU(LEAK)]
        for distance in range(1, plan.stages):
            c_in, c_out = plan.channels(distance - 1), plan.channels(distance)
            layers += [nn.Conv2d(c_in, c_out, KERNEL, 2, 1, bias=norm == "none"), norm2d(norm, c_out), nn.LeakyReLU(LEAK)]
        self.net = nn.Sequential(*layers, nn.Flatten())
        self.features = plan.channels(plan.stages - 1) * plan.base**2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class DCGANDiscriminator(nn.Module):
    """Logit / critic score per image; class-conditional through a projection head."""

    def __init__(self, *, num_classes: int, width: int, channels: int, image_size: int, norm: Norm, score_bias: bool):
        """norm: "batch" for DCGAN/WGAN, "layer" or "none" for a gradient-penalty critic;
        score_bias: a bias on the output, useful for BCE logits, dead weight for a Wasserstein critic."""
        super().__init__()
        self.trunk = DCGANTrunk(width=width, channels=channels, image_size=image_size, norm=norm)
        self.head = ProjectionHead(features=self.trunk.features, num_classes=num_classes, bias=score_bias)

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        return self.head(self.trunk(x), labels)

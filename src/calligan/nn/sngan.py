"""SNGAN's ResNet G and discriminator (Miyato et al. 2018; Miyato & Koyama 2018's conditional version,
as in mimicry's cSNGAN), sized by the image plan.

G: a linear stem to the base map, then per doubling a pre-activation residual block: conditional batch
norm (a per-class scale and shift; plain BatchNorm when unconditional), ReLU, nearest-neighbour
upsampling and a 3x3 conv, twice normalised; the shortcut upsamples and applies a 1x1 conv. The label
also enters as a one-hot block in the stem's input, as in every calligan generator.

D: spectral norm on every weight (conv, linear and the projection's class embedding), no other
normalisation. The first block is SNGAN's "optimized" one (conv, ReLU, conv, mean-pool; shortcut
mean-pool then 1x1 conv) because a pre-activation ReLU on the raw image would discard half its range;
the later ones are pre-activation blocks that mean-pool after the convs. ReLU, a sum over space, and a
projection head score the features.

Spectral norm bounds each layer's Lipschitz constant at about 1 without coupling the samples of a
batch, so this D suits the hinge loss it was designed with and the gradient penalty alike.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from calligan.nn.conditioning import ConditionalBatchNorm2d, with_one_hot
from calligan.nn.heads import ProjectionHead
from calligan.nn.plan import plan_for

RESIDUAL_GAIN = math.sqrt(2.0)  # SNGAN's Xavier gain for the convs inside a residual branch (shortcuts: 1)


def _conv(c_in: int, c_out: int, kernel: int, *, gain: float) -> nn.Conv2d:
    conv = nn.Conv2d(c_in, c_out, kernel, padding=kernel // 2)
    nn.init.xavier_uniform_(conv.weight, gain)
    nn.init.zeros_(conv.bias)
    return conv


class _Norm(nn.Module):
    """Conditional batch norm for a class-conditional G, BatchNorm otherwise, behind one call."""

    def __init__(self, channels: int, *, num_classes: int):
        super().__init__()
        self.norm = ConditionalBatchNorm2d(channels, num_classes=num_classes) if num_classes else nn.BatchNorm2d(channels)
        if num_classes:
            nn.init.zeros_(self.norm.gain.weight)  # scale 1 + 0 and shift 0 at the start: plain BatchNorm
            nn.init.zeros_(self.norm.bias.weight)

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None) -> torch.Tensor:
        return self.norm(x) if labels is None else self.norm(x, labels)


class GeneratorBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, *, num_classes: int):
        super().__init__()
        self.norm1 = _Norm(c_in, num_classes=num_classes)
        self.conv1 = _conv(c_in, c_out, 3, gain=RESIDUAL_GAIN)
        self.norm2 = _Norm(c_out, num_classes=num_classes)
        self.conv2 = _conv(c_out, c_out, 3, gain=RESIDUAL_GAIN)
        self.shortcut = _conv(c_in, c_out, 1, gain=1.0)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.act = nn.ReLU()

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None) -> torch.Tensor:
        h = self.conv1(self.up(self.act(self.norm1(x, labels))))
        h = self.conv2(self.act(self.norm2(h, labels)))
        return h + self.shortcut(self.up(x))


class SnganGenerator(nn.Module):
    def __init__(self, *, input_dim: int, num_classes: int, width: int, channels: int, image_size: int):
        """input_dim: z size; num_classes: 0 unless conditional; width: channels at full resolution
        (each halving of the resolution doubles them, up to the plan's widest); channels/image_size: output."""
        super().__init__()
        plan = plan_for(image_size=image_size, width=width)
        self.num_classes = num_classes
        top = plan.channels(plan.stages)
        self.stem = nn.Sequential(nn.Linear(input_dim + num_classes, top * plan.base**2),
                                  nn.Unflatten(1, (top, plan.base, plan.base)))
        nn.init.xavier_uniform_(self.stem[0].weight)
        nn.init.zeros_(self.stem[0].bias)
        self.blocks = nn.ModuleList(
            GeneratorBlock(plan.channels(d), plan.channels(d - 1), num_classes=num_classes)
            for d in range(plan.stages, 0, -1)
        )
        self.out = nn.Sequential(nn.BatchNorm2d(plan.channels(0)), nn.ReLU(),
                                 _conv(plan.channels(0), channels, 3, gain=1.0), nn.Tanh())

    def forward(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        h = self.stem(with_one_hot(z, labels, num_classes=self.num_classes))
        block_labels = labels if self.num_classes else None
        for block in self.blocks:
            h = block(h, block_labels)
        return self.out(h)


class DiscriminatorBlock(nn.Module):
    """first: SNGAN's optimized input block (no activation before its first conv)."""

    def __init__(self, c_in: int, c_out: int, *, first: bool):
        super().__init__()
        self.first = first
        self.conv1 = spectral_norm(_conv(c_in, c_out, 3, gain=RESIDUAL_GAIN))
        self.conv2 = spectral_norm(_conv(c_out, c_out, 3, gain=RESIDUAL_GAIN))
        self.shortcut = spectral_norm(_conv(c_in, c_out, 1, gain=1.0))
        self.pool = nn.AvgPool2d(2)
        self.act = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.conv1(x if self.first else self.act(x))
        h = self.pool(self.conv2(self.act(h)))
        # the input block pools before its 1x1 conv (cheaper, and equal: both are linear)
        skip = self.shortcut(self.pool(x)) if self.first else self.pool(self.shortcut(x))
        return h + skip


class SnganDiscriminator(nn.Module):
    def __init__(self, *, num_classes: int, width: int, channels: int, image_size: int):
        super().__init__()
        plan = plan_for(image_size=image_size, width=width)
        self.blocks = nn.Sequential(
            DiscriminatorBlock(channels, plan.channels(0), first=True),
            *(DiscriminatorBlock(plan.channels(d), plan.channels(d + 1), first=False) for d in range(plan.stages - 1)),
        )
        self.act = nn.ReLU()
        # No bias on the score under either loss: a critic's constant offset never gets a gradient, and
        # a hinge D's gets P(fake > -1) - P(real < 1), zero until scores leave the margins.
        self.head = ProjectionHead(features=plan.channels(plan.stages - 1), num_classes=num_classes, bias=False)
        nn.init.xavier_uniform_(self.head.linear.weight)
        spectral_norm(self.head.linear)
        if self.head.embed is not None:
            nn.init.xavier_uniform_(self.head.embed.weight)
            spectral_norm(self.head.embed)

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        h = self.act(self.blocks(x)).sum(dim=(2, 3))
        return self.head(h, labels)

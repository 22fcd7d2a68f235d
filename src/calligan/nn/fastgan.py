"""FastGAN networks (Liu et al. 2021, "Towards Faster and Stabilized GAN Training for High-fidelity
Few-shot Image Synthesis"), sized by the image plan and built as a WGAN-GP critic.

G: a linear stem to the base map, then per doubling nearest-neighbour upsampling, a 3x3 conv to twice
the channels, BatchNorm (conditional batch norm for a class-conditional G, which also takes the label
one-hot in its input, as the DCGAN and ResNet generators do) and a GLU that halves them again; a 3x3
conv and tanh make the image. Skip-layer excitation (SLE) lets two low-resolution maps gate
high-resolution ones channel-wise: the base map gates the map at half the image size and the map one
doubling above it (8x8) gates the full-resolution one, each skip spanning `stages - 1` doublings
(8x8 -> 64x64 at 64 px, 8x8 -> 128x128 at 128 px, the paper's 8 -> 128).

D: a 4x4 stride-2 conv and LeakyReLU, then per halving a residual down block (a 4x4 stride-2 conv and a
3x3 conv on one side, 2x2 mean-pool and a 1x1 conv on the other, each followed by layer norm and
LeakyReLU, averaged) down to the base map, which a projection head scores. No BatchNorm: the gradient
penalty treats samples apart, so every norm of the critic (its decoders too) is layer norm; no spectral
norm. Self-supervision: decoders reconstruct, from the critic's own features, a downscaled copy of the
image the trunk was given: one from the whole map one doubling above the base (8x8), one from a random
quadrant of the map two doublings above it (an 8x8 crop of the 16x16 map), whose target is the same
quadrant of the image. Both targets are `min(32, image_size / 2)` pixels on a side (32 at 64 and
128 px). Only the training loss asks for them (`with_recon=True`), on real images.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from calligan.nn.conditioning import ConditionalBatchNorm2d, with_one_hot
from calligan.nn.heads import ProjectionHead
from calligan.nn.norms import norm2d
from calligan.nn.plan import plan_for

LEAK = 0.2          # D's LeakyReLU slope
SLE_LEAK = 0.1      # the excitation's LeakyReLU slope (the paper's)
SLE_POOL = 4        # SLE pools its source to 4x4, then a 4x4 conv reduces that to one vector
RECON_SIDE = 32     # side of the reconstruction targets (smaller for images under 64 px)


def _conv3(c_in: int, c_out: int, *, bias: bool = True) -> nn.Conv2d:
    return nn.Conv2d(c_in, c_out, 3, padding=1, bias=bias)


class SkipLayerExcitation(nn.Module):
    """gate(low) = sigmoid(conv1x1(leaky(conv4x4(avgpool_4x4(low))))), one value in (0, 1) per channel
    of the high-resolution map it multiplies; `forward(high, low)` returns `high * gate(low)`. The 4x4
    conv goes straight to the high map's (fewer) channels, as in the paper's code."""

    def __init__(self, c_low: int, c_high: int):
        super().__init__()
        self.gate = nn.Sequential(
            nn.AdaptiveAvgPool2d(SLE_POOL), nn.Conv2d(c_low, c_high, SLE_POOL, bias=False),
            nn.LeakyReLU(SLE_LEAK), nn.Conv2d(c_high, c_high, 1), nn.Sigmoid(),
        )

    def forward(self, high: torch.Tensor, low: torch.Tensor) -> torch.Tensor:
        return high * self.gate(low)


class FastGanGenerator(nn.Module):
    def __init__(self, *, input_dim: int, num_classes: int, width: int, channels: int, image_size: int):
        """input_dim: z size; num_classes: 0 unless conditional; width: channels of the full-resolution
        map (each halving of the resolution doubles them, up to the plan's widest); channels/image_size: output."""
        super().__init__()
        plan = plan_for(image_size=image_size, width=width)
        self.num_classes = num_classes
        # maps[k] is the map after k doublings of the base: side base * 2**k, plan.channels(stages - k) channels
        widths = [plan.channels(plan.stages - k) for k in range(plan.stages + 1)]
        self.stem = nn.Sequential(nn.Linear(input_dim + num_classes, 2 * widths[0] * plan.base**2, bias=False),
                                  nn.Unflatten(1, (2 * widths[0], plan.base, plan.base)))
        self.convs = nn.ModuleList(
            nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), _conv3(c_in, 2 * c_out, bias=False))
            for c_in, c_out in zip(widths, widths[1:])
        )
        # every norm sees twice the channels: the GLU after it halves them (one half gates the other)
        self.norms = nn.ModuleList(
            ConditionalBatchNorm2d(2 * c, num_classes=num_classes) if num_classes else nn.BatchNorm2d(2 * c)
            for c in widths
        )
        span = plan.stages - 1
        # (source, target) indices into maps: the base gates maps[stages - 1], maps[1] gates the last one
        self.skips = [(source, source + span) for source in (0, 1)]
        self.excite = nn.ModuleList(SkipLayerExcitation(widths[s], widths[t]) for s, t in self.skips)
        self.to_image = _conv3(widths[-1], channels)

    def _norm_glu(self, index: int, x: torch.Tensor, labels: torch.Tensor | None) -> torch.Tensor:
        norm = self.norms[index]
        return F.glu(norm(x, labels) if self.num_classes else norm(x), dim=1)

    def forward(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        maps = [self._norm_glu(0, self.stem(with_one_hot(z, labels, num_classes=self.num_classes)), labels)]
        for index, conv in enumerate(self.convs, start=1):
            x = self._norm_glu(index, conv(maps[-1]), labels)
            for (source, target), excite in zip(self.skips, self.excite):
                if target == index:
                    x = excite(x, maps[source])
            maps.append(x)
        return torch.tanh(self.to_image(maps[-1]))


class DownBlock(nn.Module):
    """Halves the side: (4x4 stride-2 conv, norm, LeakyReLU, 3x3 conv, norm, LeakyReLU) averaged with
    (2x2 mean-pool, 1x1 conv, norm, LeakyReLU), FastGAN's DownBlockComp with layer norm."""

    def __init__(self, c_in: int, c_out: int):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(c_in, c_out, 4, 2, 1, bias=False), norm2d("layer", c_out), nn.LeakyReLU(LEAK),
            _conv3(c_out, c_out, bias=False), norm2d("layer", c_out), nn.LeakyReLU(LEAK),
        )
        self.direct = nn.Sequential(
            nn.AvgPool2d(2), nn.Conv2d(c_in, c_out, 1, bias=False), norm2d("layer", c_out), nn.LeakyReLU(LEAK),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (self.main(x) + self.direct(x)) / 2


class Decoder(nn.Module):
    """A feature map -> an image `2**ups` times its side: per doubling nearest upsampling, a 3x3 conv
    to twice the (halved) channels, layer norm and GLU; then a 3x3 conv and tanh (targets are in [-1, 1])."""

    def __init__(self, c_in: int, *, ups: int, channels: int):
        super().__init__()
        layers: list[nn.Module] = []
        c = c_in
        for _ in range(ups):
            c_out = max(c // 2, 1)
            layers += [nn.Upsample(scale_factor=2, mode="nearest"), _conv3(c, 2 * c_out, bias=False),
                       norm2d("layer", 2 * c_out), nn.GLU(dim=1)]
            c = c_out
        self.net = nn.Sequential(*layers, _conv3(c, channels), nn.Tanh())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def _quadrants(x: torch.Tensor, which: torch.Tensor) -> torch.Tensor:
    """Quadrant `which[i]` (0: top left, 1: top right, 2: bottom left, 3: bottom right) of each x[i]."""
    h, w = x.shape[-2] // 2, x.shape[-1] // 2
    parts = torch.stack([x[..., :h, :w], x[..., :h, w:], x[..., h:, :w], x[..., h:, w:]])
    return parts[which, torch.arange(x.shape[0], device=x.device)]


class FastGanDiscriminator(nn.Module):
    """Critic score per image (class-conditional through a projection head); with `with_recon=True`,
    also (recon, target): the decoders' images [B, k, C, t, t] and what they should be, k = 1 or 2."""

    def __init__(self, *, num_classes: int, width: int, channels: int, image_size: int):
        super().__init__()
        plan = plan_for(image_size=image_size, width=width)
        self.stages = plan.stages
        # the map `d` halvings below the image has plan.channels(d - 1) channels (d >= 1)
        self.stem = nn.Sequential(nn.Conv2d(channels, plan.channels(0), 4, 2, 1), nn.LeakyReLU(LEAK))
        self.downs = nn.ModuleList(DownBlock(plan.channels(d - 1), plan.channels(d)) for d in range(1, plan.stages))
        self.head = ProjectionHead(features=plan.channels(plan.stages - 1) * plan.base**2, num_classes=num_classes,
                                   bias=False)  # a Wasserstein critic: a constant offset never gets a gradient
        # decoders read the map one doubling above the base (8x8) and, where there is one below the
        # image, a quadrant of the map two doublings above it (16x16); both decode to `target_side`
        self.target_side = min(RECON_SIDE, image_size // 2)
        whole_side = plan.base * 2
        ups = (self.target_side // whole_side).bit_length() - 1
        self.whole = Decoder(plan.channels(plan.stages - 2), ups=ups, channels=channels)
        self.part = Decoder(plan.channels(plan.stages - 3), ups=ups, channels=channels) if plan.stages >= 3 else None

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None, *, with_recon: bool = False):
        image = x
        maps = [self.stem(x)]  # maps[j]: j + 1 halvings below the image
        for down in self.downs:
            maps.append(down(maps[-1]))
        score = self.head(maps[-1].flatten(1), labels)
        if not with_recon:
            return score
        # The target is made from the image this forward was given: under DiffAugment (applied by the
        # training step's augmented_critic) the augmented real image the trunk saw, never the clean one, which a cut-out
        # or shifted view could not tell the decoder.
        side = self.target_side
        recons = [self.whole(maps[-2])]
        targets = [F.adaptive_avg_pool2d(image, side)]
        if self.part is not None:
            which = torch.randint(0, 4, (x.shape[0],), device=x.device)
            recons.append(self.part(_quadrants(maps[-3], which)))
            targets.append(F.adaptive_avg_pool2d(_quadrants(image, which), side))
        return score, torch.stack(recons, dim=1), torch.stack(targets, dim=1).detach()

"""Differentiable augmentation for the discriminator's inputs: DiffAugment (Zhao et al. 2020) with the
adaptive probability of ADA (Karras et al. 2020).

Every image D sees, real or fake, in D's step and in G's step, goes through the same random transform
T, so D cannot tell real from fake by an augmentation artefact and G's gradients reach it through T.
The ops suit one-channel glyphs: integer translation (the background fills the gap), cutout (a square
of background), brightness and contrast. No flips or rotations: a mirrored character is not one, and
D would pass that on to G. Each op is applied to each image with probability `p` (ADA's form; p = 1 is
plain DiffAugment), and the random draws do not depend on p, so changing p never reshuffles a run.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence

import torch
import torch.nn.functional as F

from calligan.config.train import AugmentOp
from calligan.train.runtime import mean_over_processes

OPS = typing.get_args(AugmentOp)
BACKGROUND = -1.0  # training images are ink bright (+1) on a background of -1
TRANSLATION_RATIO = 1 / 8  # DiffAugment's shift: up to 1/8 of the side each way
CUTOUT_RATIO = 1 / 2  # DiffAugment's cutout: a square of half the side
ADA_INTERVAL = 4  # ADA adjusts p every 4 discriminator steps ...
ADA_SPEED_IMAGES = 500_000  # ... fast enough to move p from 0 to 1 in 500k real images


def check_policy(policy: Sequence[str]) -> None:
    unknown = [op for op in policy if op not in OPS]
    if unknown:
        raise ValueError(f"augment op {unknown[0]!r} is not one of {', '.join(OPS)} (flips and rotations "
                         "are left out on purpose: a mirrored character is not a character)")


def _per_sample(x: torch.Tensor, rng: torch.Generator | None) -> torch.Tensor:
    """One U(0, 1) draw per image, shaped to broadcast over [B, C, H, W]."""
    return torch.rand(x.shape[0], 1, 1, 1, generator=rng, device=x.device, dtype=x.dtype)


def _grid(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    height, width = x.shape[-2:]
    return torch.meshgrid(torch.arange(height, device=x.device), torch.arange(width, device=x.device), indexing="ij")


def _brightness(x: torch.Tensor, rng: torch.Generator | None) -> torch.Tensor:
    return x + (_per_sample(x, rng) - 0.5)


def _contrast(x: torch.Tensor, rng: torch.Generator | None) -> torch.Tensor:
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    return (x - mean) * (_per_sample(x, rng) + 0.5) + mean


def _translation(x: torch.Tensor, rng: torch.Generator | None) -> torch.Tensor:
    batch, _, height, width = x.shape
    shift_y, shift_x = int(height * TRANSLATION_RATIO + 0.5), int(width * TRANSLATION_RATIO + 0.5)
    dy = torch.randint(-shift_y, shift_y + 1, (batch, 1, 1), generator=rng, device=x.device)
    dx = torch.randint(-shift_x, shift_x + 1, (batch, 1, 1), generator=rng, device=x.device)
    rows, cols = _grid(x)
    padded = F.pad(x, [shift_x, shift_x, shift_y, shift_y], value=BACKGROUND)
    # Gathering from the padded image keeps the op differentiable in x; indices [B, H, W] -> [B, H, W, C].
    picked = padded[torch.arange(batch, device=x.device)[:, None, None], :, rows + dy + shift_y, cols + dx + shift_x]
    return picked.permute(0, 3, 1, 2)


def _cutout(x: torch.Tensor, rng: torch.Generator | None) -> torch.Tensor:
    batch, _, height, width = x.shape
    size_y, size_x = int(height * CUTOUT_RATIO + 0.5), int(width * CUTOUT_RATIO + 0.5)
    # The square's centre is anywhere on the image, so it may hang over an edge.
    top = torch.randint(0, height, (batch, 1, 1), generator=rng, device=x.device) - size_y // 2
    left = torch.randint(0, width, (batch, 1, 1), generator=rng, device=x.device) - size_x // 2
    rows, cols = _grid(x)
    inside = (rows >= top) & (rows < top + size_y) & (cols >= left) & (cols < left + size_x)
    return torch.where(inside[:, None], torch.full_like(x, BACKGROUND), x)


_FUNCTIONS = {"translation": _translation, "cutout": _cutout, "brightness": _brightness, "contrast": _contrast}


def diff_augment(x: torch.Tensor, *, policy: Sequence[str], p: torch.Tensor | float,
                 rng: torch.Generator | None = None) -> torch.Tensor:
    """T(x): each op of `policy`, in order, applied to each image with probability p.

    x: [B, C, H, W] in the training range (background -1); policy: ops from OPS; p: a float or a 0-d
    tensor on x's device (ADA's p, so reading it never syncs the device); rng: the random stream
    (on x's device), which makes T repeatable for a seed.
    """
    for op in policy:
        changed = _FUNCTIONS[op](x, rng)
        keep = _per_sample(x, rng) >= p
        x = torch.where(keep, x, changed)
    return x


class Augmenter:
    """The run's T: a policy, its probability (fixed, or ADA's controller), and the random stream.

    ADA's overfitting signal r_t is the mean sign of D's real scores, measured against the boundary
    between real and fake: 0 for a logit, and for a Wasserstein critic (which has no fixed zero: adding
    a constant changes neither loss) the midpoint of the batch's mean real and fake scores. Each
    `ADA_INTERVAL` steps p moves by sign(r_t - target) x the images seen / ADA_SPEED_IMAGES, with r_t
    averaged over all processes so that every process keeps the same p.
    """

    def __init__(self, *, policy: Sequence[str], p: float | str, target: float, batch: int,
                 rng: torch.Generator | None, device: torch.device):
        """policy: ops from OPS (empty: identity); p: a fixed probability in [0, 1] or "auto" (ADA,
        starting at 0); target: ADA's r_t target (0.6 in the paper); batch: real images per D step over
        all processes; rng: the stream T draws from; device: where p lives."""
        check_policy(policy)
        self.policy = tuple(policy)
        self.adaptive = p == "auto"
        self.p = torch.tensor(0.0 if self.adaptive else float(p), device=device)
        self.target = target
        self.step_size = batch * ADA_INTERVAL / ADA_SPEED_IMAGES
        self.rng = rng
        self._signs: list[torch.Tensor] = []

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if not self.policy:
            return x
        return diff_augment(x, policy=self.policy, p=self.p, rng=self.rng)

    def observe(self, r_t: torch.Tensor) -> None:
        """Feed one D step's r_t (the family's `ada_r_t`); p moves every ADA_INTERVAL calls (on the device)."""
        if not (self.adaptive and self.policy):
            return
        self._signs.append(r_t.detach().float())
        if len(self._signs) == ADA_INTERVAL:
            r_t = mean_over_processes(torch.stack(self._signs).mean())
            self.p = (self.p + torch.sign(r_t - self.target) * self.step_size).clamp(0.0, 1.0)
            self._signs = []

    def state_dict(self) -> dict:
        return {"p": self.p.detach().cpu(), "signs": [s.cpu() for s in self._signs]}

    def load_state_dict(self, state: dict) -> None:
        self.p = state["p"].to(self.p.device)
        self._signs = [s.to(self.p.device) for s in state["signs"]]

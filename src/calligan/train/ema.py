"""Exponential moving average of the generator, with the half-life counted in images (stylegan2-ada)."""

from __future__ import annotations

import copy
from collections.abc import Iterable

import torch
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm


def ema_beta(*, batch: int, half_life_images: float) -> float:
    """Decay per update so that a weight's influence halves every `half_life_images` images.

    batch: images per generator update, over all processes.
    """
    return 0.5 ** (batch / half_life_images)


def ema_half_life(*, images_seen: int, half_life_images: float, rampup: float) -> float:
    """The half-life to use now: at most `rampup` x the images seen so far, so that early on the
    average does not stay anchored to the random initial weights (stylegan2-ada's ema_rampup).

    rampup: 0 turns the ramp off (a fixed half-life from the start).
    """
    if rampup <= 0:
        return half_life_images
    return min(half_life_images, images_seen * rampup)


def make_ema(generator: nn.Module) -> nn.Module:
    """A frozen copy of `generator`, in eval mode, that only `update_ema` changes."""
    ema = copy.deepcopy(generator).eval()
    ema.requires_grad_(False)
    return ema


@torch.no_grad()
def update_ema(ema: nn.Module, generator: nn.Module, *, beta: float) -> None:
    """ema = beta * ema + (1 - beta) * generator for parameters; buffers (BatchNorm statistics) copied.

    `ema` is `make_ema`'s copy, so every tensor pairs with one of the same dtype and shape.
    """
    # One multi-tensor kernel per list on CUDA instead of one launch per tensor: at GPU speed the
    # launches, not the arithmetic, are what an update costs. On CPU the same per-tensor ops run.
    torch._foreach_lerp_(list(ema.parameters()), list(generator.parameters()), 1.0 - beta)
    buffers = list(ema.buffers())
    if buffers:
        torch._foreach_copy_(buffers, list(generator.buffers()))


@torch.no_grad()
def standing_statistics(ema: nn.Module, *, batches: Iterable[tuple[torch.Tensor, torch.Tensor | None]]) -> None:
    """Re-estimate the EMA generator's BatchNorm statistics under its own weights (BigGAN's "standing
    statistics"): the ones `update_ema` copies were measured on the trained weights, which the average
    lags, so they do not describe the EMA's own activations.

    batches: (z, labels) pairs to run through G in train mode; the statistics become their plain mean.
    """
    norms = [m for m in ema.modules() if isinstance(m, _BatchNorm)]
    if not norms:
        return
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # a cumulative average over the batches, not an exponential one
    ema.train()
    try:
        for z, labels in batches:
            ema(z, labels)
    finally:
        ema.eval()
        for m, momentum in zip(norms, momenta):
            m.momentum = momentum

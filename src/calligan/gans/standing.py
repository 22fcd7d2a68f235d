"""BigGAN's "standing statistics": a generator's BatchNorm statistics measured afresh on latents of its
caller's choosing, for training (the EMA's own weights) and generate (the truncated noise it draws)."""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

# 8 batches of 64 latents, for train and generate alike: enough that the first BatchNorm of a width-8
# test generator lands within 6% of its activations' variance (tests/generate/test_sampling.py), and
# cheap next to what either stage draws.
STANDING_BATCHES, STANDING_BATCH_SIZE = 8, 64


@torch.no_grad()
def standing_statistics(generator: nn.Module, *, batches: Iterable[tuple[torch.Tensor, torch.Tensor | None]]) -> None:
    """Re-estimate `generator`'s BatchNorm statistics from `batches`, in place.

    The statistics a generator carries describe the activations it saw when they were measured; they
    go stale when its weights change (the EMA lags the trained weights whose statistics `update_ema`
    copies) or its input does (truncated noise has less variance than N(0, 1)).

    batches: (z, labels) pairs to run through G in train mode; the statistics become their plain mean.
    G is left in eval mode with every BatchNorm's momentum as it was.
    """
    norms = [m for m in generator.modules() if isinstance(m, _BatchNorm)]
    if not norms:
        return
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # a cumulative average over the batches, not an exponential one
    generator.train()
    try:
        for z, labels in batches:
            generator(z, labels)
    finally:
        generator.eval()
        for m, momentum in zip(norms, momenta):
            m.momentum = momentum

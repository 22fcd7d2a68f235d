"""BigGAN's "standing statistics": a generator's BatchNorm statistics measured afresh on latents of its
caller's choosing, for training (the EMA's own weights) and generate (the truncated noise it draws)."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from calligan.gans.latent import Latent

# 8 batches of 64 latents, for train and generate alike: enough that the first BatchNorm of a width-8
# test generator lands within 6% of its activations' variance (tests/generate/test_sampling.py), and
# cheap next to what either stage draws.
STANDING_BATCHES, STANDING_BATCH_SIZE = 8, 64


@torch.no_grad()
def standing_statistics(generator: nn.Module, *, latent: Latent) -> None:
    """Re-estimate `generator`'s BatchNorm statistics from `latent`, in place.

    The statistics a generator carries describe the activations it saw when they were measured; they
    go stale when its weights change (the EMA lags the trained weights whose statistics `update_ema`
    copies) or its input does (truncated noise has less variance than N(0, 1)).

    latent: the z (and labels) to run through G in train mode, STANDING_BATCH_SIZE at a time, on G's
    device; the statistics become the plain mean over those batches.
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
        for start in range(0, len(latent.z), STANDING_BATCH_SIZE):
            batch = slice(start, start + STANDING_BATCH_SIZE)
            generator(latent.z[batch], None if latent.labels is None else latent.labels[batch])
    finally:
        generator.eval()
        for m, momentum in zip(norms, momenta):
            m.momentum = momentum

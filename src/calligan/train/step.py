"""One critic/discriminator update and one generator update, each with the other network frozen."""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import nn

from calligan.train.distributed import no_sync
from calligan.train.runtime import Runtime


def train_only(*, trainable: Iterable[nn.Parameter], frozen: Iterable[nn.Parameter]) -> None:
    """Freeze one side so its gradients are neither computed nor kept while the other side steps."""
    for p in frozen:
        p.requires_grad_(False)
    for p in trainable:
        p.requires_grad_(True)


def discriminator_step(family, optimizer: torch.optim.Optimizer, *, real: torch.Tensor,
                       labels: torch.Tensor | None, latent, runtime: Runtime) -> tuple[torch.Tensor, dict]:
    """One update of D on a real batch and the fakes of `latent`; the caller froze G (`train_only`).

    family: a calligan.gans GanFamily; real: [b, C, S, S] in [-1, 1]; labels: real labels or None.
    """
    optimizer.zero_grad(set_to_none=True)
    with runtime.autocast():
        loss, stats = family.discriminator_loss(real, labels, latent)
    loss.backward()
    optimizer.step()
    family.after_discriminator_step()
    return loss, stats


def generator_step(family, optimizer: torch.optim.Optimizer, *, latent, runtime: Runtime) -> tuple[torch.Tensor, dict]:
    """One update of G through the frozen D; the caller froze D (`train_only`)."""
    optimizer.zero_grad(set_to_none=True)
    with runtime.autocast(), no_sync(family.discriminator):
        loss, stats = family.generator_loss(latent)
    loss.backward()
    optimizer.step()
    return loss, stats

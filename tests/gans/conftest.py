"""A stand-in for the training engine's step, as the gan contract describes it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch
from torch import nn


def make_optimizer(config: dict, parameters: list[nn.Parameter]) -> torch.optim.Optimizer:
    options = {key: value for key, value in config.items() if key != "name"}
    return {"adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop}[config["name"]](parameters, **options)


def optimizer_step(
    *,
    trained: list[nn.Parameter],     # the side this step updates
    frozen: list[nn.Parameter],      # the other side: requires_grad off for the step
    loss_fn: Callable[[], tuple[torch.Tensor, dict]],
    optimizer: dict,                 # a family's default_optimizer
) -> dict:
    for parameter in frozen:
        parameter.requires_grad_(False)
    try:
        opt = make_optimizer(optimizer, trained)
        loss, stats = loss_fn()
        opt.zero_grad()
        loss.backward()
        opt.step()
    finally:
        for parameter in frozen:
            parameter.requires_grad_(True)
    return stats


@pytest.fixture
def engine_step() -> Callable[..., dict]:
    """One optimizer step the way the engine takes it: `engine_step(trained=, frozen=, loss_fn=, optimizer=)`."""
    return optimizer_step

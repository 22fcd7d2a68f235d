"""The two optimisers: the family's defaults, with the run's overrides on top."""

from __future__ import annotations

import torch

from calligan.config.train import TrainParams
from calligan.errors import CalliganError

_OPTIMIZERS = {"adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop}


def _build(parameters, *, default: dict, name: str | None, lr: float | None,
           betas: tuple[float, float] | None, fused: bool) -> torch.optim.Optimizer:
    kwargs = dict(default)
    name = name or kwargs.pop("name")
    kwargs.pop("name", None)
    if name not in _OPTIMIZERS:
        raise CalliganError(f"optimizer {name!r} is not one of {', '.join(_OPTIMIZERS)}; set train.optimizer")
    if lr is not None:
        kwargs["lr"] = lr
    if name == "adam":
        if betas is not None:
            kwargs["betas"] = betas
        if "betas" in kwargs:
            kwargs["betas"] = tuple(float(b) for b in kwargs["betas"])  # this torch rejects mixed int/float
        kwargs["fused"] = fused
    else:
        kwargs.pop("betas", None)
    return _OPTIMIZERS[name](list(parameters), **kwargs)


def build_optimizers(family, params: TrainParams, *, cuda: bool) -> tuple[torch.optim.Optimizer, torch.optim.Optimizer]:
    """(generator optimiser over G, discriminator optimiser over D [with InfoGAN's Q]); fused Adam on CUDA."""
    common = {"default": family.default_optimizer, "name": params.optimizer, "betas": params.betas, "fused": cuda}
    opt_g = _build(family.generator_parameters(), lr=params.lr_g, **common)
    opt_d = _build(family.discriminator_parameters(), lr=params.lr_d, **common)
    return opt_g, opt_d

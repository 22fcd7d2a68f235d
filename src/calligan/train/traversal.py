"""InfoGAN latent traversals (the seed's figure): one row per category, columns sweeping one code."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from calligan.gans.latent import with_codes
from calligan.gans.spec import ModelSpec
from calligan.train.figures import save_grid
from calligan.train.runtime import Runtime


def traversal_latent(spec: ModelSpec, *, code: int, noise: torch.Tensor, columns: int, sweep: tuple[float, float]):
    """Latent for a grid: row r = category r, column c = continuous code `code` at the c-th sweep value.

    noise: [latent_dim], shared by every cell so only the codes change; the other codes stay at 0.
    sweep: (first, last) value of the swept code, beyond the U(-1, 1) training range to show extrapolation.
    """
    rows = max(spec.n_categorical, 1)
    values = torch.linspace(*sweep, columns, device=noise.device)
    continuous = torch.zeros(rows * columns, spec.n_continuous, device=noise.device)
    continuous[:, code] = values.repeat(rows)
    categorical = (torch.arange(rows, device=noise.device).repeat_interleave(columns)
                   if spec.n_categorical else None)
    return with_codes(noise.expand(rows * columns, -1), categorical=categorical, continuous=continuous,
                      n_categorical=spec.n_categorical)


@torch.no_grad()
def save_traversals(folder: str | Path, *, generator: nn.Module, spec: ModelSpec, seed: int, runtime: Runtime,
                    columns: int = 10, sweep: tuple[float, float] = (-2.0, 2.0)) -> list[Path]:
    """`traversal_<k>.png` for each continuous code k; seed fixes the shared noise."""
    noise = torch.randn(spec.latent_dim, generator=torch.Generator().manual_seed(seed)).to(runtime.device)
    paths = []
    for code in range(spec.n_continuous):
        latent = traversal_latent(spec, code=code, noise=noise, columns=columns, sweep=sweep)
        with runtime.autocast():
            images = generator(latent.z, latent.labels)
        path = Path(folder) / f"traversal_{code}.png"
        save_grid(path, images, nrow=columns)
        paths.append(path)
    return paths

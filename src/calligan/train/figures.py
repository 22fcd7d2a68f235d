"""Training pictures: sample grids, the progress GIF, the loss curves, InfoGAN traversals.

Images keep the dataset's convention, ink bright on dark, in every picture.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

import imageio.v2 as imageio
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import torch  # noqa: E402
from torchvision.utils import make_grid, save_image  # noqa: E402

from calligan.io.atomic import atomic_path  # noqa: E402


def save_grid(path: str | os.PathLike, images: torch.Tensor, *, nrow: int | None = None) -> None:
    """images: [B, C, S, S] in [-1, 1]; nrow: images per row (default: a square)."""
    nrow = nrow or math.ceil(math.sqrt(len(images)))
    grid = make_grid(images.detach().float().cpu(), nrow=nrow, padding=2, normalize=True, value_range=(-1, 1))
    with atomic_path(path) as tmp:
        save_image(grid, tmp, format="png")


def save_gif(path: str | os.PathLike, frames: Sequence[str | os.PathLike], *, seconds_per_frame: float = 0.3) -> None:
    """The sample grids in order, one frame each (the seed's per-epoch animation)."""
    with atomic_path(path) as tmp:
        imageio.mimsave(tmp, [imageio.imread(f) for f in frames], format="GIF", duration=seconds_per_frame, loop=0)


def plot_losses(path: str | os.PathLike, log: pd.DataFrame) -> None:
    """One panel per logged quantity present in the log, against the generator step."""
    keys = [k for k in ("d_loss", "g_loss", "wasserstein", "gradient_penalty", "info_categorical", "info_continuous")
            if k in log and log[k].notna().any()]
    fig, axes = plt.subplots(len(keys), 1, figsize=(7, 2.0 * len(keys)), sharex=True, squeeze=False)
    for ax, key in zip(axes[:, 0], keys):
        ax.plot(log["step"], log[key], lw=1)
        ax.set_ylabel(key, fontsize=8)
        ax.grid(alpha=0.3)
    axes[-1, 0].set_xlabel("generator step")
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=100)
    plt.close(fig)


def plot_evaluations(path: str | os.PathLike, log: pd.DataFrame) -> None:
    """FID (and classifier accuracy, on a second axis) of the EMA generator against the step; nothing
    when the run had no evaluations."""
    scored = log[log["fid"].notna()] if "fid" in log else log.iloc[:0]
    if scored.empty:
        return
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.plot(scored["step"], scored["fid"], "o-", color="tab:blue", lw=1.5, ms=4)
    ax.set_xlabel("generator step")
    ax.set_ylabel("FID at the training size (lower is better)", color="tab:blue", fontsize=8)
    ax.grid(alpha=0.3)
    if "accuracy" in scored and scored["accuracy"].notna().any():
        twin = ax.twinx()
        twin.plot(scored["step"], scored["accuracy"], "s--", color="tab:orange", lw=1.2, ms=4)
        twin.set_ylabel("classifier accuracy on intended class", color="tab:orange", fontsize=8)
        twin.set_ylim(0, 1)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=100)
    plt.close(fig)


def remove_pictures_after(folder: str | os.PathLike, *, step: int) -> None:
    """Drop grids past `step` and traversals: pictures of states the checkpoint never kept would mislead."""
    folder = Path(folder)
    stale = [grid for grid in folder.glob("grid_*.png") if int(grid.stem.split("_")[1]) > step]
    for old in [*stale, *folder.glob("traversal*.png")]:
        old.unlink()

"""What a run leaves to look at: `log.csv`, the sample grids, the progress GIF, the loss and FID
curves, and InfoGAN's latent traversals.

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
from torch import nn  # noqa: E402
from torchvision.utils import make_grid, save_image  # noqa: E402

from calligan.gans.latent import with_codes  # noqa: E402
from calligan.gans.registry import statistics  # noqa: E402
from calligan.gans.spec import ModelSpec  # noqa: E402
from calligan.io.atomic import atomic_path, atomic_write_bytes  # noqa: E402
from calligan.train.runtime import Runtime  # noqa: E402

# Every family's statistics and the engine's own, so runs of different families read alike; a
# statistic a family lacks stays empty.
COLUMNS = ("step", *statistics(), "augment_p", "fid", "conditional_accuracy", "images_per_s")


class TrainLog:
    """`log.csv`: one row per `log_every` generator steps, rewritten atomically, continued on resume."""

    def __init__(self, path: str | os.PathLike, *, resume_step: int, mirror: str | os.PathLike | None = None) -> None:
        """resume_step: the checkpoint's step; earlier rows are kept, later ones (never saved) dropped.
        mirror: a second copy rewritten with every row, for whoever watches training live."""
        self.path = Path(path)
        self.mirror = None if mirror is None else Path(mirror)
        self.rows: list[dict] = []
        if resume_step > 0 and self.path.is_file():
            kept = pd.read_csv(self.path)
            self.rows = kept[kept["step"] <= resume_step].to_dict("records")

    def append(self, row: dict) -> None:
        unknown = sorted(set(row) - set(COLUMNS))
        if unknown:
            raise ValueError(f"log.csv has no column for {unknown}: declare it in the family's statistics")
        self.rows.append({key: row.get(key) for key in COLUMNS})
        self.write()

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(COLUMNS))

    def write(self) -> None:
        for path in (self.path, self.mirror):
            if path is not None:
                with atomic_path(path) as tmp:
                    self.frame().to_csv(tmp, index=False)


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
    if "conditional_accuracy" in scored and scored["conditional_accuracy"].notna().any():
        twin = ax.twinx()
        twin.plot(scored["step"], scored["conditional_accuracy"], "s--", color="tab:orange", lw=1.2, ms=4)
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
    """InfoGAN's latent traversals (the seed's figure), `traversal_<k>.png` for each continuous code k:
    one row per category, columns sweeping code k; seed fixes the shared noise."""
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


def publish_reports(reports_dir: Path, *, run_dir: Path, log: TrainLog, generator: nn.Module, spec: ModelSpec,
                    seed: int, runtime: Runtime) -> None:
    """The finished run's pictures in the reports folder, replacing whatever an earlier run left there:
    its grids (from `run_dir`), the progress GIF, the curves of `log`, and the traversals of `generator`
    (the EMA) when the spec has continuous codes; seed fixes the traversals' noise."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    remove_pictures_after(reports_dir, step=-1)
    for grid in sorted(run_dir.glob("grid_*.png")):
        atomic_write_bytes(reports_dir / grid.name, grid.read_bytes())
    frames = sorted(reports_dir.glob("grid_*.png"))
    if frames:
        save_gif(reports_dir / "progress.gif", frames)
    if log.rows:
        plot_losses(reports_dir / "losses.png", log.frame())
        plot_evaluations(reports_dir / "fid.png", log.frame())
    if spec.n_continuous:
        save_traversals(reports_dir, generator=generator, spec=spec, seed=seed, runtime=runtime)

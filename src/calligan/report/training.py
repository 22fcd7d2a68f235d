"""Training's own figures, found in its reports folder and embedded as they are."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from calligan.report.pictures import file_uri, img


@dataclass(frozen=True)
class TrainingFigure:
    title: str  # caption in the report
    pattern: str  # glob inside train's reports folder
    alt: str  # what the picture shows, for a reader who cannot see it
    missing: str  # note shown when nothing matches: when that figure is made
    enlarged: bool = False  # small sample grids drawn larger (pixelated); plots keep their own size


FIGURES = (
    TrainingFigure("FID and accuracy during training", "fid.png",
                   "FID at the training size and classifier accuracy against the generator step",
                   "made when train.eval_every evaluated at least once"),
    TrainingFigure("Losses", "losses.png", "discriminator and generator losses against the generator step",
                   "run `calligan train`"),
    TrainingFigure("Progress (one frame per sample grid)", "progress.gif",
                   "animation of the EMA generator's samples on fixed noise through training (ink bright on dark, as trained)",
                   "run `calligan train`", enlarged=True),
    TrainingFigure("InfoGAN latent traversals", "traversal*.png",
                   "one row per categorical code value, a continuous code swept from -2 to 2", "only InfoGAN runs make them",
                   enlarged=True),
)


def _natural(path: Path) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def find_figures(folder: Path) -> list[tuple[TrainingFigure, tuple[Path, ...]]]:
    """Every figure spec with the files that match it in `folder` (none when it is missing), in natural order."""
    return [(spec, tuple(sorted((p for p in folder.glob(spec.pattern) if p.is_file()), key=_natural))) for spec in FIGURES]


def training_figures(folder: Path) -> str:
    parts = []
    for spec, paths in find_figures(folder):
        if not paths:
            parts.append(f'<h3>{html.escape(spec.title)}</h3><p class="note">Not available: {html.escape(spec.missing)}.</p>')
            continue
        shown = "".join(
            f'<figure>{img(file_uri(path), alt=f"{spec.alt} ({path.name})", enlarged=spec.enlarged)}<figcaption>{html.escape(path.name)}</figcaption></figure>'
            for path in paths
        )
        parts.append(f'<h3>{html.escape(spec.title)}</h3><div class="gallery">{shown}</div>')
    return "\n".join(parts)

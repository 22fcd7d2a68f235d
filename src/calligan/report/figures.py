"""Which figures the pipeline leaves where, found on disk and embedded as data URIs."""

from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FigureSpec:
    title: str  # section heading in the report
    folder: str  # which folder: "train", "prepared" or "reports"
    pattern: str  # glob inside that folder
    latest_only: bool  # show only the last match in natural order (e.g. the newest sample grid)
    missing: str  # note shown when nothing matches: which stage makes it


SPECS = (
    FigureSpec("Samples (latest grid)", "train", "grid_*.png", True, "run `calligan train`"),
    FigureSpec("Training progress", "train", "progress.gif", True, "run `calligan train`"),
    FigureSpec("Losses", "train", "losses.png", True, "run `calligan train`"),
    FigureSpec("InfoGAN latent traversals", "train", "traversal*.png", False, "only InfoGAN runs make them"),
    FigureSpec("Images rejected by prepare", "prepared", "rejects.png", True, "run `calligan prepare`"),
    FigureSpec("Evaluation plots", "reports", "*.png", False, "`calligan evaluate` made none"),
)


@dataclass(frozen=True)
class Section:
    spec: FigureSpec
    paths: tuple[Path, ...]  # empty when the figure is missing


def _natural(path: Path) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def find_figures(*, folders: dict[str, Path]) -> list[Section]:
    """One section per spec whose folder is given; `folders` maps "train"/"prepared"/"reports" to paths."""
    sections = []
    for spec in SPECS:
        if spec.folder not in folders:
            continue
        found = sorted((p for p in Path(folders[spec.folder]).glob(spec.pattern) if p.is_file()), key=_natural)
        sections.append(Section(spec, tuple(found[-1:] if spec.latest_only else found)))
    return sections


def data_uri(path: Path) -> str:
    """The file as a `data:` URI, so the page needs nothing beside it."""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

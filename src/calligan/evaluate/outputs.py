"""Evaluate's files beside the metrics file, named once for the stage that writes them and the report."""

from __future__ import annotations

import os
from pathlib import Path


def classes_plot_path(metrics: str | os.PathLike) -> Path:
    """The predicted-class bar chart."""
    return Path(metrics).parent / "classes.png"


def neighbours_path(metrics: str | os.PathLike) -> Path:
    """The closest pairs behind the copy checks, as indices into the generated and training packs."""
    return Path(metrics).parent / "neighbours.json"

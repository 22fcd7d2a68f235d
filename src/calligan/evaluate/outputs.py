"""Evaluate's files: the metrics file, and beside it the headline, the class chart and the closest pairs,
named once for the stage that writes them and the report."""

from __future__ import annotations

import json
import os
from pathlib import Path

from calligan.io.atomic import atomic_write_text

# The figures a user compares runs by, the DVC metric that `dvc exp show` puts first: (name in the
# headline, path in metrics.json). The generated side of each glyph figure: the real side is the data's.
HEADLINE = (
    ("fid", "summary.fid"),
    ("fid_floor", "summary.fid_floor"),
    ("kid", "summary.kid"),
    ("precision", "export.prdc.precision"),
    ("recall", "export.prdc.recall"),
    ("conditional_accuracy", "classifier.conditional.conditional_accuracy"),
    ("class_coverage", "classifier.predicted_classes.class_coverage"),
    ("glyphs.specks.image_share", "glyphs.specks.image_share.generated"),
    ("glyphs.specks.per_image", "glyphs.specks.per_image.generated"),
    ("glyphs.components.per_glyph", "glyphs.components.per_glyph.generated"),
    ("glyphs.components.per_class_abs_diff", "glyphs.components.per_class_abs_diff"),
    ("glyphs.stroke_width.wasserstein_px", "glyphs.stroke_width.wasserstein_px"),
    ("glyphs.wide_ink_share", "glyphs.wide_ink_share.generated"),
    ("glyphs.grey_share", "glyphs.grey_share.generated"),
)


def headline_path(metrics: str | os.PathLike) -> Path:
    """The headline figures (`HEADLINE`), the DVC metric; metrics.json itself is a plain output."""
    return Path(metrics).parent / "headline.json"


def classes_plot_path(metrics: str | os.PathLike) -> Path:
    """The predicted-class bar chart."""
    return Path(metrics).parent / "classes.png"


def neighbours_path(metrics: str | os.PathLike) -> Path:
    """The closest pairs behind the copy checks, as indices into the generated and training packs."""
    return Path(metrics).parent / "neighbours.json"


def headline(metrics: dict) -> dict:
    """`HEADLINE`'s figures that `metrics` holds (the classifier's only when evaluate ran it, conditional
    accuracy only for a conditional model), nested at the dots of their names."""
    figures: dict = {}
    for name, path in HEADLINE:
        value = metrics
        for key in path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            *groups, leaf = name.split(".")
            node = figures
            for group in groups:
                node = node.setdefault(group, {})
            node[leaf] = value
    return figures


def write_metrics(path: str | os.PathLike, metrics: dict) -> None:
    """metrics.json, every figure with its counts, and its headline beside it."""
    atomic_write_text(path, json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")
    atomic_write_text(headline_path(path), json.dumps(headline(metrics), indent=2) + "\n")

"""The files the report is made from, each written by one stage; the report writes nothing else."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from calligan.errors import CalliganError
from calligan.study.paths import SummaryPaths


@dataclass(frozen=True)
class RunFiles:
    metrics: Path  # evaluate: reports/metrics.json (the one file the report cannot do without)
    neighbours: Path  # evaluate: the copy checks' closest pairs (reports/neighbours.json)
    classes_plot: Path  # evaluate: predicted-class counts (reports/classes.png)
    classifier: Path  # classifier: reports/classifier.json
    prepared: Path  # prepare's folder: summary.json, rejects.png
    real: Path  # prepare: the training images (dataset.npz)
    reference: Path  # prepare: real images at the export size (reference_128.npz)
    generated: Path  # generate: images at the export size (images.npz)
    generated_raw: Path  # generate: images at the generator's own size (raw.npz)
    submission: Path  # export: submission.zip, with `<zip>.sha256` beside it
    train: Path  # train's figures: log.csv, fid.png, losses.png, progress.gif, traversal*.png
    study: SummaryPaths  # the augmentation study's summary (its own pipeline; shown when it has been run)


def read_json(path: Path) -> dict:
    """A JSON object written by a stage; a broken file is one line naming the stage to rerun."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CalliganError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}); rerun the stage that wrote it") from None
    if not isinstance(data, dict):
        raise CalliganError(f"{path}: expected a JSON object; rerun the stage that wrote it")
    return data


def optional_json(path: Path) -> dict | None:
    return read_json(path) if path.is_file() else None


def lookup(data: dict, dotted: str):
    """`data["a"]["b"]` for "a.b"; None when any part is missing."""
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def require_metrics(path: Path) -> dict:
    if not path.is_file():
        raise CalliganError(f"{path}: metrics not found; run `calligan evaluate` first or pass --metrics")
    return read_json(path)


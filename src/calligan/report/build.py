"""Read the pipeline's JSON metrics, find its figures, and write `index.html` atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

from calligan.errors import CalliganError
from calligan.io.atomic import atomic_write_text
from calligan.report.figures import find_figures
from calligan.report.page import render_page


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CalliganError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}); rerun the stage that wrote it") from None
    if not isinstance(data, dict):
        raise CalliganError(f"{path}: expected a JSON object of metrics; rerun the stage that wrote it")
    return data


def build_report(
    *,
    metrics: str | os.PathLike,
    classifier: str | os.PathLike | None,
    folders: dict[str, str | os.PathLike],
    out: str | os.PathLike,
    title: str = "calligan report",
) -> Path:
    """Write the report to `out` and return its path.

    metrics: `reports/metrics.json` (required); classifier: `reports/classifier.json`, shown when it
    exists; folders: "train" / "prepared" / "reports" folders searched for figures (see figures.SPECS).
    """
    metrics = Path(metrics)
    if not metrics.is_file():
        raise CalliganError(f"{metrics}: metrics not found; run `calligan evaluate` first or pass --metrics")
    tables = [("Metrics", _read_json(metrics))]
    if classifier is not None and Path(classifier).is_file():
        tables.append(("Real-data classifier", _read_json(Path(classifier))))
    sections = find_figures(folders={role: Path(folder) for role, folder in folders.items()})
    out = Path(out)
    atomic_write_text(out, render_page(title=title, tables=tables, sections=sections))
    return out

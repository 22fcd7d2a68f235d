"""What a finished run shows in the Prefect UI: a metrics table and where its outputs are."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipelines.command import stage_environment
from pipelines.project import flatten

# The evaluation's headline figures; before the pipeline has an evaluate stage, every metric DVC knows
# (the prepare stage's counts) stands in.
FINAL_METRICS = "reports/headline.json"
# Outputs a person opens: the report and the competition submission.
HEADLINE_SUFFIXES = {".html": "Report", ".zip": "Submission"}


def dvc_metrics(*, repo: Path) -> dict[str, dict]:
    """{metrics file: its values} as `dvc metrics show --json` reads them (paths already resolved)."""
    done = subprocess.run(
        ["dvc", "metrics", "show", "--json"], cwd=repo, env=stage_environment(), capture_output=True, text=True
    )
    try:
        revisions = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        return {}
    files = (revisions.get("") or {}).get("data") or {}
    return {name: entry["data"] for name, entry in files.items() if isinstance(entry.get("data"), dict)}


def metrics_table(metrics: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of file, metric, value: the final metrics when they exist, every metrics file otherwise."""
    chosen = {FINAL_METRICS: metrics[FINAL_METRICS]} if FINAL_METRICS in metrics else metrics
    return [
        {"file": name, "metric": key, "value": value}
        for name, values in chosen.items()
        for key, value in flatten(values)
    ]


def outputs_markdown(*, repo: Path, outputs: Iterable[str], experiment: str) -> str:
    """Markdown naming the report and the submission first, then every declared output.

    Paths are copyable text, not links: the UI is an http page, where file:// links do not open.
    """
    outputs = list(outputs)
    files = []
    for rel in outputs:
        path = repo / rel
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    lines = ["# calligraphy-pipeline outputs", "", f"Project: `{repo.resolve()}`; the paths below are relative to it.", ""]
    for suffix, title in HEADLINE_SUFFIXES.items():
        found = [p for p in files if p.suffix == suffix and p.exists()]
        paths = ", ".join(f"`{p.relative_to(repo)}`" for p in found)
        lines.append(f"- **{title}:** {paths or 'not produced by the stages that ran'}")
    lines.append(f"- **DVC experiment:** `{experiment}` (`dvc exp show` compares it with the baseline)")
    lines += ["", "| output | size |", "|---|---|"]
    for rel in outputs:
        path = repo / rel
        size = f"{path.stat().st_size:,} B" if path.is_file() else ("folder" if path.is_dir() else "missing")
        lines.append(f"| `{rel}` | {size} |")
    return "\n".join(lines) + "\n"

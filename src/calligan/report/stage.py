"""The report stage: read what the stages wrote and write `index.html` atomically, a pure function of those files."""

from __future__ import annotations

import os
from pathlib import Path

from calligan.io.atomic import atomic_write_text
from calligan.io.images import load_image_pack
from calligan.report.archive import submission_preview
from calligan.report.closest import closest_pictures
from calligan.report.comparison import comparison
from calligan.report.headline import headline
from calligan.report.inputs import RunFiles, optional_json, read_json, require_metrics
from calligan.report.page import render_page, section
from calligan.report.pictures import file_uri, img
from calligan.report.prepared import prepared_data
from calligan.report.study import study_section
from calligan.report.table import metrics_table
from calligan.report.training import training_figures


def _missing(*needs: tuple[Path, str]) -> str | None:
    """A note naming the first missing file and the stage that writes it; None when all exist."""
    for path, stage in needs:
        if not path.is_file():
            return f'<p class="note">Not available: {path} is missing; run `calligan {stage}`.</p>'
    return None


def _real_beside_generated(files: RunFiles) -> str:
    body = _missing((files.reference, "prepare"), (files.generated, "generate")) or comparison(
        real=load_image_pack(files.reference, what="real reference images", fix="run `calligan prepare`"),
        generated=load_image_pack(files.generated, what="generated images", fix="run `calligan generate`"),
    )
    if files.classes_plot.is_file():
        chart = img(file_uri(files.classes_plot), alt="bar chart: generated images per predicted character, most frequent first")
        body += f'\n<h3>How often each character is drawn</h3>\n<figure>{chart}</figure>'
    return body


def _closest(files: RunFiles) -> str:
    missing = _missing((files.neighbours, "evaluate"), (files.generated_raw, "generate"), (files.real, "prepare"))
    if missing:
        return missing
    generated = load_image_pack(files.generated_raw, what="raw generated images", fix="run `calligan generate`")
    training = load_image_pack(files.real, what="prepared dataset", fix="run `calligan prepare`")
    return closest_pictures(read_json(files.neighbours), generated=generated["images"], training=training["images"])


def _all_metrics(metrics: dict, classifier: dict | None, source: Path) -> str:
    body = (f"<details>\n<summary>All metrics ({source.name}), each with what it measures</summary>\n"
            f"{metrics_table(metrics)}\n</details>")
    if classifier is not None:
        body += f"\n<details>\n<summary>The real-data classifier (classifier.json)</summary>\n{metrics_table(classifier)}\n</details>"
    return body


def run(*, files: RunFiles, out: str | os.PathLike, title: str = "calligan report") -> Path:
    """Write the report to `out` and return its path; only metrics.json is required, every other
    missing input becomes a note naming the stage that makes it."""
    metrics = require_metrics(files.metrics)
    sections = [
        section("compare", "Real beside generated", _real_beside_generated(files)),
        section("submission", "What is in the submission",
                _missing((files.submission, "export")) or submission_preview(files.submission)),
        section("neighbours", "Nearest neighbours: memorisation and near duplicates", _closest(files)),
        section("training", "Training", training_figures(files.train)),
        section("data", "Data", prepared_data(optional_json(files.prepared / "summary.json"), files.prepared / "rejects.png")),
        section("study", "Does GAN-made data help? The augmentation study", study_section(files.study)),
        section("metrics", "All metrics", _all_metrics(metrics, optional_json(files.classifier), files.metrics)),
    ]
    out = Path(out)
    atomic_write_text(out, render_page(title=title, headline=headline(metrics), sections=sections))
    return out

"""The augmentation study's answer in the report: its table and plot, read from the study's own reports.

The study is its own DVC pipeline (studies/augmentation/dvc.yaml), run on demand: the report shows
what it last wrote and says when it has not been run, but never depends on it (a dependency would make
the root `dvc repro` run the study).
"""

from __future__ import annotations

import html

import pandas as pd

from calligan.report.pictures import file_uri, img
from calligan.study.paths import SummaryPaths
from calligan.study.summary import table_rows


def study_section(paths: SummaryPaths) -> str:
    """paths: where the study's summary stage writes its table (summary.csv) and plot (accuracy.png)."""
    if not paths.table.is_file():
        return (f'<p class="note">Not run yet: {html.escape(str(paths.table))} is missing; '
                "`dvc repro studies/augmentation/dvc.yaml` runs the study (hours on a CPU; README, "
                "\"The augmentation study\").</p>")
    ks, rows = table_rows(pd.read_csv(paths.table))
    head = "<tr><th></th>" + "".join(f"<th>k = {k}</th>" for k in ks) + "</tr>"
    body = "".join("<tr><th>" + html.escape(label) + "</th>"
                   + "".join(f'<td class="value">{html.escape(cell)}</td>' for cell in cells) + "</tr>"
                   for label, cells in rows)
    parts = ['<p>Does GAN-made data help a classifier that has k real images per class? Five classifiers '
             "per run, tested on the held-out images; mean ± sd over the seeds.</p>",
             f'<table class="counts"><caption>held-out accuracy per arm, and the run\'s GAN</caption>{head}{body}</table>']
    if paths.plot.is_file():
        parts.append(f'<figure>{img(file_uri(paths.plot), alt="held-out accuracy against k, one line per arm")}'
                     "<figcaption>held-out accuracy against k, one line per arm, ± sd shaded</figcaption></figure>")
    return "\n".join(parts)

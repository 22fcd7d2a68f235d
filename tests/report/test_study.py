from __future__ import annotations

import math

import pandas as pd

from calligan.config.study import StudyParams
from calligan.report.study import study_section
from calligan.study.paths import summary_paths


def test_the_study_table_is_read_back_from_its_csv(tmp_path):
    paths = summary_paths(StudyParams(reports=str(tmp_path)))
    rows = [("real", 10, 0.5, 0.141421, 2), ("real", 50, 0.8, math.nan, 1),
            ("fid", 10, 110.0, 14.1421, 2), ("fid", 50, 85.0, math.nan, 1)]
    pd.DataFrame(rows, columns=["measure", "k", "mean", "sd", "runs"]).to_csv(paths.table, index=False)
    body = study_section(paths)
    assert "<th>k = 10</th><th>k = 50</th>" in body
    assert ('<th>real (held-out accuracy)</th><td class="value">50.0 ± 14.1 %</td><td class="value">80.0 %</td>'
            in body)  # one seed: the mean alone
    assert '<th>GAN: FID against the held-out images</th><td class="value">110.0 ± 14.1</td>' in body
    assert body.index("real (held-out") < body.index("GAN: FID")  # the arms first, as in summary.md
    assert "<figure>" not in body  # no plot written, none shown


def test_a_study_not_run_is_a_note_naming_its_pipeline(tmp_path):
    body = study_section(summary_paths(StudyParams(reports=str(tmp_path / "absent"))))
    assert "Not run yet" in body and "dvc repro studies/augmentation/dvc.yaml" in body

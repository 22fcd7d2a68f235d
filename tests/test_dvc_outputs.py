"""dvc.yaml names each stage's output files from the params and the code names them alike: what a stage
writes is what dvc.yaml, resolved by DVC against params.yaml, declares."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

from calligan.commands import report
from calligan.config.loader import load_params
from calligan.config.prepare import PrepareParams
from calligan.evaluate.outputs import classes_plot_path, headline_path, neighbours_path
from calligan.prepare import stage
from pipelines.project import declared_outputs


def _project(repo_root: Path, folder: Path, **prepare) -> Path:
    """The repository's dvc.yaml beside its params.yaml with `prepare` changed."""
    folder.mkdir()
    shutil.copy(repo_root / "dvc.yaml", folder / "dvc.yaml")
    params = yaml.safe_load((repo_root / "params.yaml").read_text(encoding="utf-8"))
    params["prepare"] |= prepare
    (folder / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    return folder


def test_prepare_writes_the_files_dvc_yaml_declares_at_any_reference_size(tmp_path, repo_root, draw):
    for label, thickness in (("永", 6), ("一", 11)):
        (tmp_path / "src" / label).mkdir(parents=True)
        for index in range(3):
            page = draw.on_paper(draw.character(200, thickness=thickness + index), seed=index)
            (tmp_path / "src" / label / f"{index}.png").write_bytes(draw.encode(page))
    project = _project(repo_root, tmp_path / "project", out="data/prepared", image_size=32, reference_size=48)
    stage.run(PrepareParams(source=str(tmp_path / "src"), out=str(project / "data" / "prepared"), image_size=32,
                            reference_size=48, workers=1), progress=False)
    written = sorted(str(path.relative_to(project)) for path in (project / "data" / "prepared").iterdir())
    assert "data/prepared/reference_48.npz" in written
    assert written == sorted(declared_outputs(repo=project, stages=["prepare"]))


def test_evaluate_s_files_beside_its_metrics_are_those_dvc_yaml_declares(repo_root):
    metrics = load_params(repo_root / "params.yaml").evaluate.out
    expected = {metrics, *(str(name(metrics)) for name in (headline_path, classes_plot_path, neighbours_path))}
    assert set(declared_outputs(repo=repo_root, stages=["evaluate"])) == expected


def test_the_report_writes_the_page_dvc_yaml_declares(repo_root):
    parser = argparse.ArgumentParser()
    report.add_arguments(parser)
    assert declared_outputs(repo=repo_root, stages=["report"]) == [parser.get_default("out")]

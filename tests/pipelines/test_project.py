from pathlib import Path

import pytest

from pipelines.project import declared_outputs, param, select_stages, stage_names


def test_stage_names_follow_dvc_yaml_order(project_files: Path):
    assert stage_names(repo=project_files) == ["prepare", "train", "export"]


def test_stage_names_without_dvc_yaml_names_the_file(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="dvc.yaml"):
        stage_names(repo=tmp_path)


def test_select_stages_keeps_pipeline_order(project_files: Path):
    assert select_stages(repo=project_files, wanted=["export", "prepare"]) == ["prepare", "export"]
    assert select_stages(repo=project_files, wanted=None) == ["prepare", "train", "export"]


def test_select_stages_rejects_unknown_and_lists_valid(project_files: Path):
    with pytest.raises(ValueError, match="'evaluate'.*prepare, train, export"):
        select_stages(repo=project_files, wanted=["evaluate"])


def test_param_reads_dotted_keys():
    tree = {"train": {"steps": 5}}
    assert param(tree, "train.steps") == 5
    assert param(tree, "train.missing") is None
    assert param(tree, "train.steps.deeper") is None


def test_declared_outputs_resolves_templates(project_files: Path):
    assert declared_outputs(repo=project_files, stages=["prepare", "export"]) == [
        "data/prepared/dataset.txt",
        "data/prepared/summary.json",
        "submission/submission.zip",
        "reports/report.html",
        "reports/metrics.json",
    ]

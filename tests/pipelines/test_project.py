from pathlib import Path

import pytest
from dvc.exceptions import DvcException

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
        "reports/headline.json",
    ]


def test_declared_outputs_are_resolved_by_dvc_vars_and_indexes_included(tmp_path: Path):
    (tmp_path / "dvc.yaml").write_text(
        "vars:\n  - sizes.yaml\nstages:\n  prepare:\n    cmd: python prepare.py\n"
        "    outs:\n      - ${prepare.out}/reference_${sizes[0]}.npz\n", encoding="utf-8")
    (tmp_path / "params.yaml").write_text("prepare:\n  out: data/prepared\n", encoding="utf-8")
    (tmp_path / "sizes.yaml").write_text("sizes: [128, 256]\n", encoding="utf-8")
    assert declared_outputs(repo=tmp_path, stages=["prepare"]) == ["data/prepared/reference_128.npz"]


def test_an_unknown_param_in_dvc_yaml_is_dvc_s_error_not_a_path(tmp_path: Path):
    (tmp_path / "dvc.yaml").write_text("stages:\n  prepare:\n    cmd: x\n    outs:\n      - ${prepare.missing}/a\n",
                                       encoding="utf-8")
    (tmp_path / "params.yaml").write_text("prepare:\n  out: data\n", encoding="utf-8")
    with pytest.raises(DvcException, match="prepare.missing"):
        declared_outputs(repo=tmp_path, stages=["prepare"])

"""A tiny real run for the report: every stage of the chain, in-process, on the DVC test's drawn data
with its tiny parameters (tests/test_pipeline_dvc.py), once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from calligan.cli import main
from calligan.commands.report import run_files
from calligan.config import load_params
from calligan.report.inputs import RunFiles
from tests.test_pipeline_dvc import TINY, _draw_dataset

STAGES = ("prepare", "classifier", "train", "generate", "evaluate", "export")
QUIET = {"classifier", "train", "generate", "evaluate", "export"}  # the stages with progress bars


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory, repo_root, fid_weights) -> Path:
    """The project folder of a finished tiny run, up to (not including) the report."""
    root = tmp_path_factory.mktemp("tiny-run")
    params = yaml.safe_load((repo_root / "params.yaml").read_text(encoding="utf-8"))
    for group, values in TINY.items():
        params[group].update(values)
    params["evaluate"]["fid_weights"] = str(fid_weights)
    params["prepare"]["source"] = str(root / "raw")  # TINY's source lies beside a DVC project, not in it
    (root / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    _draw_dataset(root / "raw")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        for stage in STAGES:
            assert main([stage, *(["--no-progress"] if stage in QUIET else [])]) == 0, stage
    return root


@pytest.fixture()
def run_copy(tiny_run, tmp_path, monkeypatch) -> RunFiles:
    """The tiny run's files as the report command finds them, in a copy a test may change; cwd is the copy."""
    root = tmp_path / "run"
    shutil.copytree(tiny_run, root, ignore=shutil.ignore_patterns(".cache", "runs", "raw"))
    monkeypatch.chdir(root)
    return run_files(load_params("params.yaml", []), metrics=None, train_dir=None)

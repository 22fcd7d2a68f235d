"""The flow end to end on the tiny DVC project, against the session's temporary Prefect server."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from prefect import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogWorker

from pipelines.command import stage_environment
from pipelines.flow import calligraphy_pipeline


def _flow_run_id(state):
    return state.state_details.flow_run_id


def _flow_run_name(state) -> str:
    with get_client(sync_client=True) as client:
        return client.read_flow_run(_flow_run_id(state)).name


def _artifacts(state) -> dict:
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[_flow_run_id(state)]))
        )
    return {artifact.key: artifact for artifact in found}


def _logs(state) -> list:
    APILogWorker.drain_all(timeout=10)
    with get_client(sync_client=True) as client:
        return client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[_flow_run_id(state)])))


def _dvc(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["dvc", *args], cwd=repo, env=stage_environment(), check=True, capture_output=True, text=True
    ).stdout


def _attempts(repo: Path) -> int:
    log = repo / "attempts.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


@pytest.fixture(scope="module")
def project(tmp_path_factory, make_project) -> Path:
    return make_project(tmp_path_factory.mktemp("flow") / "project")


@pytest.fixture(scope="module")
def finished(prefect_api, project: Path):
    """One successful run of every stage with overrides, as a person would start it from the UI."""
    return calligraphy_pipeline(
        overrides={"train.steps": 6, "export.fail": 0},
        repo=str(project),
        retries=0,
        progress_interval_seconds=0.05,
        return_state=True,
    )


def test_every_stage_runs_in_order_and_the_run_is_one_experiment_named_after_it(finished, project: Path):
    assert finished.is_completed(), finished.message
    assert finished.result() == ["prepare", "train", "export"]
    assert (project / "submission/submission.zip").exists()
    assert "up to date" in _dvc(project, "status")
    assert _dvc(project, "exp", "list", "--name-only").split() == [_flow_run_name(finished)]
    shown = json.loads(_dvc(project, "exp", "show", "--json"))
    [experiment] = [e for rev in shown for e in (rev.get("experiments") or [])]
    params = experiment["revs"][0]["data"]["params"]["params.yaml"]["data"]
    assert params["train"]["steps"] == 6 and experiment["name"] == _flow_run_name(finished)


def test_the_run_publishes_metrics_outputs_and_progress(finished, project: Path):
    artifacts = _artifacts(finished)
    assert set(artifacts) == {"metrics", "outputs", "training-progress"}
    rows = json.loads(artifacts["metrics"].data)
    assert {"file": "reports/headline.json", "metric": "fid.value", "value": 12.5} in rows
    assert "- **Submission:** `submission/submission.zip`" in artifacts["outputs"].data
    assert f"- **DVC experiment:** `{_flow_run_name(finished)}`" in artifacts["outputs"].data
    assert artifacts["training-progress"].data == 100.0


def test_overrides_are_applied_once_and_stages_run_with_plain_repro(finished):
    messages = [log.message for log in _logs(finished)]
    assert "params.yaml: train.steps=6, export.fail=0" in messages
    assert [m for m in messages if m.startswith("$ dvc")] == [
        "$ dvc repro prepare", "$ dvc repro train", "$ dvc repro export", f"$ dvc exp save -n {_flow_run_name(finished)}",
    ]
    assert "step 6" in messages


def test_bad_input_fails_the_flow_once_with_the_stage_line(prefect_api, project: Path):
    before = _attempts(project)
    state = calligraphy_pipeline(
        stages=["export"], overrides={"export.fail": 2}, repo=str(project), retries=2, retry_delay_seconds=0,
        return_state=True,
    )
    assert state.is_failed()
    line = "calligan export: error: export.fail is 2; set export.fail=0"
    assert line in state.message
    assert _attempts(project) == before + 1
    logs = _logs(state)
    assert any(log.message == line and log.level >= 40 for log in logs)
    # The on_failure hook's summary, once: the stage and its own last error line.
    assert [log.message for log in logs if log.message.startswith("stage 'export' failed")] == [
        f"stage 'export' failed: {line}"
    ]
    assert "up to date" in _dvc(project, "status", "train")


def test_a_crashed_stage_is_retried(prefect_api, project: Path):
    before = _attempts(project)
    state = calligraphy_pipeline(
        stages=["export"], overrides={"export.fail": 3}, repo=str(project), retries=1, retry_delay_seconds=0,
        return_state=True,
    )
    assert state.is_failed()
    assert _attempts(project) == before + 2


def test_an_unknown_stage_fails_before_running_anything(prefect_api, project: Path):
    state = calligraphy_pipeline(stages=["evaluate"], repo=str(project), return_state=True)
    assert state.is_failed()
    assert "dvc.yaml has: prepare, train, export" in state.message


def test_a_stage_past_its_timeout_is_stopped_and_releases_dvc(prefect_api, project: Path):
    state = calligraphy_pipeline(
        stages=["train"], overrides={"train.steps": 400, "train.delay": 0.05}, repo=str(project), retries=0,
        stage_timeout_hours=2 / 3600, return_state=True,
    )
    assert state.is_failed()
    steps = (project / "reports/train/log.csv").read_text().split()[-1].split(",")[0]
    assert int(steps) < 400  # stopped midway: the whole stage takes 20 s
    assert [log.message for log in _logs(state) if log.message.startswith("stage 'train' failed")]
    assert "changed" in _dvc(project, "status", "train")  # DVC's lock is free again

"""What a person does: a real `prefect server start`, `python -m pipelines.serve`, a run of the
deployment with changed parameters, and the run's page rendered in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    DeploymentFilter,
    DeploymentFilterName,
    FlowFilter,
    FlowFilterName,
)

from pipelines.flow import FLOW_NAME
from pipelines.serve import DEPLOYMENT_NAME
from tests.pipelines.servers import STARTUP_TIMEOUT_S, prefect_server, stop_group  # noqa: F401 (a fixture)

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[2]


def _listening_hosts(pid: int) -> set[str]:
    root = psutil.Process(pid)
    return {
        conn.laddr.ip
        for proc in [root, *root.children(recursive=True)]
        for conn in proc.net_connections(kind="inet")
        if conn.status == psutil.CONN_LISTEN
    }


@pytest.fixture
def served(prefect_server, make_project, tmp_path: Path):
    """`python -m pipelines.serve` in a tiny project holding a copy of `pipelines/` (a served
    deployment runs the checkout it lives in), once its deployment is registered."""
    url, _, env = prefect_server
    project = make_project(tmp_path / "project")
    shutil.copytree(REPO_ROOT / "pipelines", project / "pipelines", ignore=shutil.ignore_patterns("__pycache__"))
    # The runner looks for scheduled runs every 10 s by default; the test should not wait that long.
    env = {**env, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    with open(tmp_path / "serve.log", "w") as log:
        serve = subprocess.Popen(
            [sys.executable, "-m", "pipelines.serve"],
            cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        with SyncPrefectClient(url) as client:
            while not client.read_deployments(deployment_filter=_deployment_filter()):
                assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "deployment never registered"
                time.sleep(0.5)
        yield env, project
    finally:
        stop_group(serve)


def _deployment_filter() -> DeploymentFilter:
    return DeploymentFilter(name=DeploymentFilterName(any_=[DEPLOYMENT_NAME]))


@pytest.mark.slow
def test_a_deployment_run_with_changed_parameters_finishes_and_shows_in_the_ui(
    prefect_server, served, tmp_path: Path
):
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium chromium-driver"
    url, server_pid, _ = prefect_server
    assert _listening_hosts(server_pid) == {"127.0.0.1"}
    env, project = served

    with SyncPrefectClient(url) as client:
        [deployment] = client.read_deployments(deployment_filter=_deployment_filter())
        schema = deployment.parameter_openapi_schema["properties"]
        assert "repo" not in schema
        assert schema["stages"]["anyOf"][0]["items"]["enum"] == ["prepare", "train", "export"]
        assert deployment.global_concurrency_limit.limit == 1

        prefect = Path(sys.executable).parent / "prefect"
        first = subprocess.Popen(
            [
                str(prefect), "deployment", "run", f"{FLOW_NAME}/{DEPLOYMENT_NAME}", "--watch",
                "--param", 'overrides={"train.steps": 3}', "--param", "retries=0",
            ],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        while not client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=[FLOW_NAME]))):
            time.sleep(0.2)
        # A second run started while the first is going waits for it instead of meeting DVC's lock.
        second = client.create_flow_run_from_deployment(deployment.id, parameters={"retries": 0})
        output, _ = first.communicate(timeout=300)
        assert first.returncode == 0, output[-3000:]
        deadline = time.monotonic() + 300
        while not (waited := client.read_flow_run(second.id)).state.is_final():
            assert time.monotonic() < deadline, "the second run never finished"
            time.sleep(0.5)
        [flow_run] = [r for r in client.read_flow_runs() if r.id != second.id]
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run.id]))
        )
    assert waited.state.is_completed(), waited.state.message
    assert waited.start_time >= flow_run.end_time or flow_run.start_time >= waited.end_time
    assert yaml.safe_load((project / "params.yaml").read_text())["train"]["steps"] == 3
    assert flow_run.state.is_completed()
    assert flow_run.deployment_id is not None
    assert flow_run.parameters["overrides"] == {"train.steps": 3}
    assert {a.key for a in artifacts} == {"metrics", "outputs", "training-progress"}

    page = f"{url.removesuffix('/api')}/runs/flow-run/{flow_run.id}"
    dom = subprocess.run(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=1600,2000",
            "--virtual-time-budget=20000", "--dump-dom", page,
        ],
        capture_output=True, text=True, timeout=180,
    ).stdout
    text = " ".join(re.sub(r"<[^>]+>", " ", dom).split())
    assert flow_run.name in text and "Completed" in text, text[:2000]
    for task_name in ("prepare", "train", "export"):
        assert f"{task_name} prefect.task_runs" in text

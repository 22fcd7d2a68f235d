"""What a person does: a real `prefect server start`, `python -m pipelines.serve`, a run of the
deployment with changed parameters, and the run's page rendered in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
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

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 180  # a fresh database is migrated on first start; shared CI cores are slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"prefect server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"prefect server not healthy after {STARTUP_TIMEOUT_S} s")


def _listening_hosts(pid: int) -> set[str]:
    root = psutil.Process(pid)
    return {
        conn.laddr.ip
        for proc in [root, *root.children(recursive=True)]
        for conn in proc.net_connections(kind="inet")
        if conn.status == psutil.CONN_LISTEN
    }


def _stop(proc: subprocess.Popen) -> None:
    """Stop a process started in its own session, children included, by its process group."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture
def prefect_server(tmp_path: Path):
    """`prefect server start` on a free port of 127.0.0.1 with its own home; stopped by its process group."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # The UI asks this address for its data; left alone it would ask port 4200.
        "PREFECT_UI_API_URL": url,
    }
    env.pop("PREFECT_API_URL", None)
    prefect = Path(sys.executable).parent / "prefect"
    with open(tmp_path / "server.log", "w") as log:
        server = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_healthy(url, server)
        yield url, server.pid, {**env, "PREFECT_API_URL": url}
    finally:
        _stop(server)


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
        _stop(serve)


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

"""A real `prefect server start`, a run of the flow against it, and its page rendered in Chromium."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, FlowFilter, FlowFilterName

from pipelines.flow import FLOW_NAME

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
        yield url, server.pid, env
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.mark.slow
def test_a_run_against_a_real_server_shows_its_tasks_in_the_ui(prefect_server, make_project, tmp_path: Path):
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium chromium-driver"
    url, server_pid, server_env = prefect_server
    assert _listening_hosts(server_pid) == {"127.0.0.1"}

    project = make_project(tmp_path / "project")
    run = subprocess.run(
        [sys.executable, "-m", "pipelines.run", "--repo", str(project), "--set", "train.steps=3", "--retries", "0"],
        cwd=REPO_ROOT, env={**server_env, "PREFECT_API_URL": url}, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    with SyncPrefectClient(url) as client:
        (flow_run,) = client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=[FLOW_NAME])))
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run.id])))
    assert flow_run.state.is_completed()
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

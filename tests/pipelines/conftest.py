"""A throwaway DVC project shaped like calligan's (prepare -> train -> export), and Prefect settings.

The stages are small Python scripts, so a whole flow run costs seconds and the tests exercise the
real `dvc repro` / `dvc exp run` machinery.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

# Before Prefect is imported anywhere: a private home, no analytics, patience for a slow start.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="prefect-home-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
os.environ.pop("PREFECT_API_URL", None)

VENV_BIN = str(Path(sys.executable).parent)

STAGES_PY = '''
"""Tiny stand-ins for the calligan stages: same files, same error convention."""
import json, pathlib, sys, time, yaml, zipfile

params = yaml.safe_load(open("params.yaml"))
stage = sys.argv[1]
if stage == "prepare":
    out = pathlib.Path(params["prepare"]["out"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "dataset.txt").write_text("ink" * params["prepare"]["size"])
    (out / "summary.json").write_text(json.dumps({"kept": params["prepare"]["size"], "rejected": 1}))
    print("prepared", params["prepare"]["size"])
elif stage == "train":
    pathlib.Path("reports/train").mkdir(parents=True, exist_ok=True)
    pathlib.Path("models").mkdir(exist_ok=True)
    with open("reports/train/log.csv", "w") as log:
        log.write("step,loss\\n")
        for step in range(1, params["train"]["steps"] + 1):
            log.write(f"{step},{1.0 / step}\\n")
            log.flush()
            print(f"step {step}", flush=True)
            time.sleep(params["train"]["delay"])
    pathlib.Path("models/generator.txt").write_text("weights")
elif stage == "export":
    code = params["export"]["fail"]
    if code:
        with open("attempts.log", "a") as attempts:
            attempts.write("export\\n")
        print(f"calligan export: error: export.fail is {code}; set export.fail=0", file=sys.stderr)
        sys.exit(code)
    pathlib.Path("reports").mkdir(exist_ok=True)
    pathlib.Path("submission").mkdir(exist_ok=True)
    pathlib.Path("reports/report.html").write_text("<html>report</html>")
    pathlib.Path("reports/headline.json").write_text(json.dumps({"fid": {"value": 12.5}, "images": 3}))
    with zipfile.ZipFile("submission/submission.zip", "w") as archive:
        archive.writestr("0.png", b"png")
'''

DVC_YAML = """
stages:
  prepare:
    cmd: python stages.py prepare
    deps: [stages.py]
    params: [prepare]
    outs:
      - ${prepare.out}/dataset.txt
    metrics:
      - ${prepare.out}/summary.json:
          cache: false
  train:
    cmd: python stages.py train
    deps: [stages.py, data/prepared/dataset.txt]
    params: [train]
    outs:
      - models/generator.txt
      - reports/train/log.csv:
          cache: false
  export:
    cmd: python stages.py export
    deps: [stages.py, models/generator.txt]
    params: [export]
    outs:
      - submission/submission.zip
      - reports/report.html:
          cache: false
    metrics:
      - reports/headline.json:
          cache: false
"""

PARAMS_YAML = """
prepare:
  out: data/prepared
  size: 3
train:
  steps: 4
  delay: 0.05
export:
  fail: 0
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def stage_env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", "DVC_NO_ANALYTICS": "1"}


def write_project(repo: Path) -> Path:
    """The project's files, without git or DVC: enough for reading dvc.yaml."""
    repo.mkdir(parents=True)
    (repo / "stages.py").write_text(textwrap.dedent(STAGES_PY))
    (repo / "dvc.yaml").write_text(DVC_YAML.lstrip())
    (repo / "params.yaml").write_text(PARAMS_YAML.lstrip())
    (repo / ".gitignore").write_text("attempts.log\n")
    return repo


def init_project(repo: Path) -> Path:
    """`write_project`, then a git repository with one commit and DVC initialised (~3 s)."""
    write_project(repo)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "tests@calligan")
    _git(repo, "config", "user.name", "tests")
    subprocess.run(["dvc", "init", "-q"], cwd=repo, check=True, env=stage_env())
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "project")
    return repo


@pytest.fixture(scope="session")
def make_project():
    """`init_project` for fixtures of wider scope than `tmp_path`."""
    return init_project


@pytest.fixture
def project_files(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


@pytest.fixture
def dvc_project(tmp_path: Path) -> Path:
    """A committed git + DVC project with three stages; nothing reproduced yet."""
    return init_project(tmp_path / "project")


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect server and database for the whole session (~20 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=None):
        yield

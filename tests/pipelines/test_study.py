"""The study fanned out as a user does it across machines, on one: a real Prefect server on 127.0.0.1,
`python -m pipelines.study deploy`, two `prefect worker start` processes each in its own checkout,
one shared DVC remote, and `python -m pipelines.study run` in a third checkout.

The project is a stand-in shaped like the study (an upstream `prepare`, `run@<k>-<seed>` matrix stages,
a `summary`), whose scripts write which checkout ran them, so the test can see who computed what.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from pipelines.command import stage_environment
from pipelines.study import POOL, _idle_queue, study_runs, upstream_stages
from pipelines.study import main as study_main
from tests.pipelines.servers import STARTUP_TIMEOUT_S, prefect_server, stop_group  # noqa: F401 (a fixture)

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent

STAGES_PY = '''
import json, os, pathlib, sys, time
who = os.environ.get("WORKER_NAME", "study")
with open("ran.log", "a") as log:  # not a DVC output: stays in the checkout that ran the stage
    log.write(f"{' '.join(sys.argv[1:])} {who}\\n")
if sys.argv[1] == "prepare":
    pathlib.Path("data.txt").write_text("ink")
elif sys.argv[1] == "classifier":
    pathlib.Path("model.txt").write_text("weights")
elif sys.argv[1] == "score":
    k, seed = sys.argv[2:4]
    pathlib.Path(f"runs/{k}-{seed}/score.json").write_text(json.dumps({"score": int(k) + int(seed)}))
elif sys.argv[1] == "run":
    k, seed = sys.argv[2:4]
    time.sleep(1)  # long enough that both workers take runs
    out = pathlib.Path(f"runs/{k}-{seed}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "result.json").write_text(json.dumps({"k": int(k), "seed": int(seed), "worker": who,
                                                 "pythonpath": os.environ.get("PYTHONPATH", "")}))
else:
    results = [json.loads(p.read_text()) for p in sorted(pathlib.Path("runs").glob("*/result.json"))]
    pathlib.Path("summary.json").write_text(json.dumps(results))
'''

ROOT_DVC_YAML = """
stages:
  prepare:
    cmd: python stages.py prepare
    deps: [stages.py]
    outs: [data.txt]
  classifier:
    cmd: python stages.py classifier
    deps: [stages.py, data.txt]
    outs: [model.txt]
"""

STUDY_DVC_YAML = """
vars:
  - ../../params.yaml:study
stages:
  run:
    matrix:
      k: ${study.k}
      seed: ${study.seeds}
    wdir: ../..
    cmd: python stages.py run ${item.k} ${item.seed}
    deps: [stages.py, data.txt]
    outs:
      - runs/${item.k}-${item.seed}/result.json
  score:
    matrix:
      k: ${study.k}
      seed: ${study.seeds}
    wdir: ../..
    cmd: python stages.py score ${item.k} ${item.seed}
    deps:
      - stages.py
      - model.txt
      - runs/${item.k}-${item.seed}/result.json
    outs:
      - runs/${item.k}-${item.seed}/score.json
  summary:
    wdir: ../..
    cmd: python stages.py summary
    deps: [stages.py, runs]
    outs: [summary.json]
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _study_project(root: Path, remote: Path) -> Path:
    """A committed git + DVC project with the stand-in study, `pipelines/` and a default remote."""
    root.mkdir()
    (root / "stages.py").write_text(STAGES_PY)
    (root / "dvc.yaml").write_text(ROOT_DVC_YAML.lstrip())
    # calligan's keys, so that pipelines.study reads the grid as calligan does and sets one thread a run
    (root / "params.yaml").write_text("study:\n  k: [1, 2]\n  seeds: [0, 1]\ntrain:\n  cpu_threads: 0\n"
                                      "classifier:\n  threads: 0\n")
    (root / "studies" / "augmentation").mkdir(parents=True)
    (root / "studies" / "augmentation" / "dvc.yaml").write_text(STUDY_DVC_YAML.lstrip())
    (root / ".gitignore").write_text("ran.log\n__pycache__/\n")
    shutil.copytree(REPO_ROOT / "pipelines", root / "pipelines", ignore=shutil.ignore_patterns("__pycache__"))
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "tests@calligan")
    _git(root, "config", "user.name", "tests")
    for args in (["init", "-q"], ["remote", "add", "-d", "shared", str(remote)]):
        subprocess.run(["dvc", *args], cwd=root, check=True, env=stage_environment())
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "study")
    return root


def _clone(source: Path, target: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(source), str(target)], check=True, capture_output=True)
    return target


def _ran(checkout: Path) -> list[str]:
    log = checkout / "ran.log"
    return log.read_text().splitlines() if log.exists() else []


def test_runs_and_upstream_are_read_from_dvc(tmp_path: Path):
    project = _study_project(tmp_path / "project", tmp_path / "remote")
    logger = logging.getLogger("test")
    runs, rest = study_runs(repo=project, study_file="studies/augmentation/dvc.yaml", logger=logger)
    assert sorted(runs) == ["1-0", "1-1", "2-0", "2-1"]
    assert runs["2-1"] == ["studies/augmentation/dvc.yaml:run@2-1", "studies/augmentation/dvc.yaml:score@2-1"]
    assert rest == ["studies/augmentation/dvc.yaml:summary"]
    # The run's second stage brings the classifier in: every stage of the run is followed, not its first.
    assert sorted(upstream_stages(repo=project, study_file="studies/augmentation/dvc.yaml",
                                  targets=runs["1-0"], logger=logger)) == ["classifier", "prepare"]


@pytest.mark.slow
def test_two_workers_share_the_runs_and_the_study_collects_them_from_the_remote(prefect_server, tmp_path: Path):
    _, _, env = prefect_server
    env = {**stage_environment(), **{k: v for k, v in env.items() if k.startswith("PREFECT_")},
           "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_LOGGING_LEVEL": "INFO"}
    remote = tmp_path / "remote"
    remote.mkdir()
    project = _study_project(tmp_path / "project", remote)
    machines = {name: _clone(project, tmp_path / name) for name in ("w1", "w2")}

    deployed = subprocess.run([sys.executable, "-m", "pipelines.study", "deploy"], cwd=project, env=env,
                              capture_output=True, text=True, timeout=STARTUP_TIMEOUT_S)
    assert deployed.returncode == 0, deployed.stderr[-3000:]
    workers = []
    try:
        for name, checkout in machines.items():
            with open(tmp_path / f"{name}.log", "w") as log:
                workers.append(subprocess.Popen(
                    [f"{VENV_BIN}/prefect", "worker", "start", "--pool", POOL, "--name", name, "--limit", "1"],
                    cwd=checkout, env={**env, "CALLIGAN_REPO": str(checkout), "WORKER_NAME": name},
                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                ))
        started = time.monotonic()
        study = subprocess.run([sys.executable, "-m", "pipelines.study", "run"], cwd=project, env=env,
                               capture_output=True, text=True, timeout=600)
        logs = {name: (tmp_path / f"{name}.log").read_text()[-2000:] for name in machines}
        assert study.returncode == 0, (study.stdout[-3000:], study.stderr[-3000:], logs)
    finally:
        for worker in workers:
            stop_group(worker)

    summary = json.loads((project / "summary.json").read_text())
    assert sorted((r["k"], r["seed"]) for r in summary) == [(1, 0), (1, 1), (2, 0), (2, 1)]
    assert all((project / "runs" / f"{r['k']}-{r['seed']}" / "score.json").exists() for r in summary)
    assert {r["worker"] for r in summary} == {"w1", "w2"}, f"one worker took every run ({time.monotonic() - started:.0f} s)"
    # The study's checkout computed prepare and the summary only: every run came from the remote's run-cache.
    assert sorted(_ran(project)) == ["classifier study", "prepare study", "summary study"]
    for name, checkout in machines.items():
        ran = _ran(checkout)
        # prepare and the classifier came from the remote; a worker ran runs and their scores only
        assert ran and all(line.split()[0] in ("run", "score") and line.endswith(name) for line in ran)
    assert (project / "studies" / "augmentation" / "dvc.lock").exists()


@pytest.mark.slow
def test_the_queue_runs_the_presets_grid_and_the_summary_restores_every_run(tmp_path: Path, monkeypatch):
    """As the README runs it: `python -m pipelines.study queue --preset FILE -j 2` (here in-process)."""
    project = _study_project(tmp_path / "project", tmp_path / "remote")
    preset = tmp_path / "params-small.yaml"
    preset.write_text("study:\n  k: [2]\n")  # of params.yaml's k [1, 2] x seeds [0, 1]: runs 2-0 and 2-1
    monkeypatch.setenv("CALLIGAN_REPO", str(project))
    assert study_main(["queue", "--preset", str(preset), "-j", "2"]) == 0

    summary = json.loads((project / "summary.json").read_text())
    assert sorted((r["k"], r["seed"]) for r in summary) == [(2, 0), (2, 1)]
    assert all((project / "runs" / f"2-{seed}" / "score.json").exists() for seed in (0, 1))
    # A queued run imports its own copy's code (src of the copy it runs in), not the editable install's.
    assert all(r["pythonpath"].split(os.pathsep)[0] == "src" for r in summary)
    # The workspace computed the upstream and the summary; both runs came from the queue's run-cache.
    assert sorted(_ran(project)) == ["classifier study", "prepare study", "summary study"]
    assert (project / "studies" / "augmentation" / "dvc.lock").exists()
    assert yaml.safe_load((project / "params.yaml").read_text())["study"]["k"] == [2]  # the experiment's params


def test_a_queue_whose_workers_all_left_is_told_from_one_still_working():
    """`dvc queue status` as DVC printed it when both workers had exited with two runs still queued."""
    status = """Task     Name        Created    Status
e1a566d  blowy-umbo  09:28 PM   Queued
5c4b3f3  nodal-acne  09:28 PM   Success

Worker status: 0 active, 0 idle"""
    assert _idle_queue(status, states=["Queued", "Success"])
    assert not _idle_queue(status.replace("0 active", "1 active"), states=["Queued", "Success"])
    assert not _idle_queue(status, states=["Running", "Queued"])

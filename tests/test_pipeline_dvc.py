"""The real chain under DVC on tiny data: `dvc repro` end to end, no-op reruns, what a param change
reruns, a killed training stage resuming, a remote push/pull that reproduces nothing, and a queued
experiment.

One module-scoped project is built from the repository's tracked files (dvc.yaml, src/, ...) with a
tiny params.yaml and a tiny drawn dataset beside it (`../tiny-raw`, outside the repository as the
real `../shared/data` is); every test below reads or extends it. The source stage runs on every
repro (it hashes the dataset), so "nothing reruns" means only it ran.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
import yaml

pytestmark = pytest.mark.slow

VENV_BIN = Path(sys.executable).parent

TINY = {
    "prepare": {"source": "../tiny-raw", "image_size": 32, "workers": 1, "holdout_fraction": 0.4},
    "classifier": {"width": 8, "epochs": 1, "batch_size": 16, "threads": 1, "augment_k": 2, "augment_epochs": 1},
    "train": {"model": "wgan-gp", "width": 8, "batch_size": 8, "steps": 4, "checkpoint_every": 2,
              "sample_every": 2, "log_every": 1, "grid_samples": 4, "device": "cpu", "cpu_threads": 1,
              "eval_samples": 8},
    "generate": {"count": 24, "batch_size": 12, "device": "cpu"},
    "evaluate": {"samples": 8, "copy_samples": 16, "batch_size": 8, "device": "cpu", "kid_subsets": 4,
                 "ssim_pairs": 10},
    "export": {"workers": 1},
}


def _draw_dataset(root: Path) -> None:
    """3 characters x 10 brush-like samples, black ink on white paper, not square, as JPEG and PNG."""
    rng = np.random.default_rng(7)
    for label in ("一", "人", "大"):
        folder = root / "train" / label
        folder.mkdir(parents=True)
        for index in range(10):
            page = np.full((int(rng.integers(110, 150)), int(rng.integers(100, 140))), 235, np.uint8)
            for _ in range(3):
                a = tuple(int(v) for v in rng.integers(25, 90, size=2))
                b = tuple(int(v) for v in rng.integers(25, 90, size=2))
                cv2.line(page, a, b, 20, int(rng.integers(5, 9)))
            suffix = ".png" if index % 2 else ".jpg"
            ok, data = cv2.imencode(suffix, page)
            (folder / f"{index:03d}{suffix}").write_bytes(data.tobytes())


def _env(project: Path) -> dict:
    return dict(os.environ, DVC_NO_ANALYTICS="1", PYTHONPATH=str(project / "src"),
                PATH=f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}")


def _run(project: Path, *args: str) -> str:
    done = subprocess.run(list(args), cwd=project, env=_env(project), capture_output=True, text=True)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout + done.stderr


def _stages_run(output: str) -> set[str]:
    return {line.split("'")[1] for line in output.splitlines() if line.startswith("Running stage '")}


@pytest.fixture(scope="module")
def project(tmp_path_factory, repo_root, fid_weights) -> Path:
    root = tmp_path_factory.mktemp("project")
    files = subprocess.run(["git", "ls-files"], cwd=repo_root, capture_output=True, text=True, check=True).stdout
    for name in files.splitlines():
        if name.startswith(("src/", ".dvc/")) or name in ("dvc.yaml", ".dvcignore", ".gitignore", "params.yaml"):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(repo_root / name, root / name)
    params = yaml.safe_load((root / "params.yaml").read_text(encoding="utf-8"))
    for group, values in TINY.items():
        params[group].update(values)
    params["evaluate"]["fid_weights"] = str(fid_weights)
    (root / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    _draw_dataset(root.parent / "tiny-raw")
    for command in (["git", "init", "-q"], ["git", "add", "-A"],
                    ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "tiny project"]):
        _run(root, *command)
    return root


def test_repro_runs_the_whole_chain_then_nothing(project):
    output = _run(project, "dvc", "repro")
    assert _stages_run(output) == {"source", "prepare", "classifier", "train", "generate", "evaluate", "export", "report"}
    assert (project / "submission" / "submission.zip").stat().st_size > 0
    assert (project / "reports" / "index.html").is_file()
    metrics = yaml.safe_load((project / "reports" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["summary"]["generated_count"] == 24
    subprocess.run(["sha256sum", "-c", "submission.zip.sha256"], cwd=project / "submission", check=True,
                   capture_output=True)

    again = _run(project, "dvc", "repro")
    assert _stages_run(again) == {"source"}


def _leaves(tree: dict, prefix: str = "") -> list[str]:
    """The dotted names `dvc exp show` gives a metrics file's values, in the file's order (it skips lists)."""
    return [name for key, value in tree.items() if not isinstance(value, list)
            for name in (_leaves(value, f"{prefix}{key}.") if isinstance(value, dict) else [f"{prefix}{key}"])]


def test_a_train_param_reruns_train_and_what_follows_not_prepare(project):
    output = _run(project, "dvc", "exp", "run", "-n", "seed-1", "-S", "train.seed=1")
    assert _stages_run(output) == {"source", "train", "generate", "evaluate", "export", "report"}
    # The experiment is comparable by its metrics: the headline figures are the first columns of
    # `dvc exp show`, then prepare's totals, then the params; no per-class count or detail is a column.
    header, *rows = csv.reader(_run(project, "dvc", "exp", "show", "--csv").strip().splitlines())
    headline = _leaves(json.loads((project / "reports" / "headline.json").read_text(encoding="utf-8")))
    totals = _leaves(json.loads((project / "data" / "prepared" / "summary.json").read_text(encoding="utf-8")))
    assert headline[:2] == ["fid", "fid_floor"] and "precision" in headline and "glyphs.grey_share" in headline
    first = header.index("fid")
    assert header[:first] == ["Experiment", "rev", "typ", "Created", "parent"]
    assert header[first:first + len(headline) + len(totals)] == headline + totals
    params = _leaves(yaml.safe_load((project / "params.yaml").read_text(encoding="utf-8")))
    assert header[first + len(headline) + len(totals)] in params and "train.seed" in header
    assert "status.kept" in totals and not [name for name in totals if name.startswith("class.")]
    assert any(row[0] == "seed-1" for row in rows), rows
    # Back to the committed params: DVC's run-cache restores those outputs instead of training again.
    _run(project, "git", "checkout", "params.yaml")
    restored = _run(project, "dvc", "repro")
    assert "train" not in _stages_run(restored)


def test_killed_training_resumes_to_the_uninterrupted_state(project):
    steps = ["-S", "train.steps=40", "-S", "train.checkpoint_every=5"]
    env = _env(project)
    stage = subprocess.Popen(["dvc", "exp", "run", *steps, "train"], cwd=project, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    runs = project / "models" / "runs"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not list(runs.glob("*/grid_000010.png")):
        time.sleep(0.2)
    os.killpg(stage.pid, signal.SIGKILL)
    stage.wait()
    [checkpoint] = [c for c in runs.glob("*/checkpoint.pt")
                    if torch.load(c, weights_only=True)["params"]["steps"] == 40]
    interrupted_at = torch.load(checkpoint, weights_only=True)["step"]
    assert 5 <= interrupted_at < 40
    # What the killed run finished: its log rows up to the checkpoint (with their timing column, which
    # no rerun reproduces) and its grids, which a run starting over would delete and draw again.
    killed_rows = (checkpoint.parent / "log.csv").read_text().splitlines()[:1 + interrupted_at]
    killed_grids = {grid.name: grid.stat().st_mtime_ns for grid in checkpoint.parent.glob("grid_*.png")
                    if int(grid.stem.split("_")[1]) <= interrupted_at}
    assert len(killed_rows) == 1 + interrupted_at and killed_grids

    _run(project, "dvc", "exp", "run", *steps, "train")
    resumed = torch.load(project / "models" / "checkpoint.pt", weights_only=True)
    assert resumed["step"] == 40
    log = (project / "reports" / "train" / "log.csv").read_text().splitlines()
    assert len(log) == 1 + 40 and log[:1 + interrupted_at] == killed_rows, "the resumed run redid finished steps"
    assert {name: (checkpoint.parent / name).stat().st_mtime_ns for name in killed_grids} == killed_grids

    reference = project.parent / "uninterrupted"
    _run(project, "calligan", "train", "--fresh", "--no-progress", "--set", "train.steps=40",
         "--set", "train.checkpoint_every=5", "--set", f"train.models_dir={reference}/models",
         "--set", f"train.reports_dir={reference}/reports")
    straight = torch.load(reference / "models" / "checkpoint.pt", weights_only=True)
    for part in ("networks", "ema"):
        for name, tensor in _flatten(straight[part]).items():
            assert torch.equal(tensor, _flatten(resumed[part])[name]), f"{part}.{name}"


def _flatten(tree, prefix=""):
    if isinstance(tree, dict):
        out = {}
        for key, value in tree.items():
            out.update(_flatten(value, f"{prefix}{key}."))
        return out
    return {prefix: tree}


def test_remote_push_then_pull_reproduces_nothing(project, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("remote")
    _run(project, "git", "checkout", "params.yaml")
    _run(project, "dvc", "repro")
    _run(project, "git", "add", "-A")
    _run(project, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "results")
    remote = tmp_path / "remote"
    _run(project, "dvc", "remote", "add", "-d", "local", str(remote))
    _run(project, "dvc", "push")

    clone = tmp_path_factory.mktemp("clone")  # beside the project, so ../tiny-raw is the same data
    _run(project, "git", "clone", "-q", str(project), str(clone))
    _run(clone, "dvc", "remote", "add", "-d", "local", str(remote))
    _run(clone, "dvc", "pull")
    assert (clone / "submission" / "submission.zip").is_file()
    output = _run(clone, "dvc", "repro")
    assert _stages_run(output) == {"source"}, output


def test_a_queued_experiment_finds_the_source_outside_the_repository(project):
    # `dvc queue start` runs it in a copy under .dvc/tmp/exps, where ../tiny-raw does not exist.
    _run(project, "git", "checkout", "params.yaml")
    _run(project, "dvc", "exp", "run", "--queue", "-n", "queued-png", "-S", "export.png_compression=1")
    _run(project, "dvc", "queue", "start")
    deadline = time.monotonic() + 300
    while "queued-png" not in _run(project, "dvc", "exp", "list", "--name-only"):
        failed = _run(project, "dvc", "queue", "status")
        assert "Failed" not in failed, _run(project, "dvc", "queue", "logs", "queued-png")
        assert time.monotonic() < deadline, failed
        time.sleep(1)
    shown = _run(project, "dvc", "exp", "show", "--csv")
    [row] = [line for line in shown.splitlines() if line.startswith("queued-png,")]
    assert "fid" in shown.splitlines()[0].split(",") and row.split(",")[0] == "queued-png"
    _run(project, "dvc", "queue", "stop")

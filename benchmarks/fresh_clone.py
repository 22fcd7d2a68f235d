"""A fresh clone of this checkout, set up as a user's is, for the benchmarks that time DVC on one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def fresh_clone(workdir: Path) -> tuple[Path, dict[str, str]]:
    """Clone HEAD into workdir/calligan (replacing one there) with `../shared` beside it (a symlink) and this
    checkout's .venv; returns the clone and the environment to run DVC and calligan in."""
    clone = workdir / "calligan"
    if clone.exists():
        shutil.rmtree(clone)
    workdir.mkdir(parents=True, exist_ok=True)
    shared = workdir / "shared"
    if not shared.exists():
        shared.symlink_to(REPO.parent / "shared")
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    (clone / ".venv").symlink_to((REPO / ".venv").resolve())
    # PYTHONPATH puts the clone's own code ahead of the shared environment's editable install.
    env = dict(os.environ, DVC_NO_ANALYTICS="1", PYTHONPATH=str(clone / "src"),
               PATH=f"{clone / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    return clone, env


def run_checked(cmd: list[str], cwd: Path, env: dict) -> str:
    """The command's output; on failure, exit naming it with the end of its output."""
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout + done.stderr

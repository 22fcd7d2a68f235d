"""End-to-end timings of the default pipeline on a fresh clone: `dvc repro`, a no-op `dvc repro`, and a
re-run after one train parameter changes (which must skip prepare; `--no-change` skips it).

    .venv/bin/python benchmarks/pipeline_e2e.py [--keep DIR]

The clone gets `../shared` beside it (a symlink), exactly like a user's checkout. JSON goes to
benchmarks/results/pipeline_e2e.json. Not part of the test run: the default chain takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _timed(cmd: list[str], cwd: Path, env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed, done.stdout + done.stderr


def _stages_run(output: str) -> list[str]:
    return re.findall(r"Running stage '([^']+)'", output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="clone here and keep it (default: a temporary folder)")
    parser.add_argument("--no-change", action="store_true",
                        help="skip the re-run after a train parameter change (a second training)")
    args = parser.parse_args()

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="calligan-e2e-"))
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
    env = dict(
        os.environ,
        DVC_NO_ANALYTICS="1",
        PYTHONPATH=str(clone / "src"),
        PATH=f"{clone / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
    )
    full, full_log = _timed(["dvc", "repro"], clone, env)
    noop, noop_log = _timed(["dvc", "repro"], clone, env)
    result = {
        "default_repro_s": round(full, 1),
        "default_repro_stages": _stages_run(full_log),
        "noop_repro_s": round(noop, 1),
        "noop_repro_stages": _stages_run(noop_log),
        "submission_bytes": (clone / "submission" / "submission.zip").stat().st_size,
        "report_exists": (clone / "reports" / "index.html").exists(),
        "cpu_count": os.cpu_count(),
    }
    if not args.no_change:
        changed, changed_log = _timed(["dvc", "exp", "run", "-S", "train.seed=1"], clone, env)
        result |= {"train_param_change_s": round(changed, 1), "train_param_change_stages": _stages_run(changed_log)}
    out = REPO / "benchmarks" / "results" / "pipeline_e2e.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if not args.keep:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()

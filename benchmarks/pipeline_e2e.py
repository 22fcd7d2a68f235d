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
import tempfile
import time
from pathlib import Path

from fresh_clone import REPO, fresh_clone, run_checked


def _timed(cmd: list[str], cwd: Path, env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    output = run_checked(cmd, cwd, env)
    return time.perf_counter() - start, output


def _stages_run(output: str) -> list[str]:
    return re.findall(r"Running stage '([^']+)'", output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="clone here and keep it (default: a temporary folder)")
    parser.add_argument("--no-change", action="store_true",
                        help="skip the re-run after a train parameter change (a second training)")
    args = parser.parse_args()

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="calligan-e2e-"))
    clone, env = fresh_clone(workdir)
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

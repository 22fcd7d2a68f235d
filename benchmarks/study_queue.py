"""Wall time of the augmentation study's runs through DVC's experiment queue at -j 1 and -j 2, on a fresh clone.

Each queued experiment is one (k, seed) run of studies/augmentation/dvc.yaml (`-S study.k=[k]
-S study.seeds=[seed]`), every process on one thread (`train.cpu_threads`, `classifier.threads`), so
that -j N runs N of them side by side instead of N two-thread trainings fighting over the cores. Both
passes do the same work: `--runs` experiments, seeds 0..R-1 at -j 1 and R..2R-1 at -j 2 (other seeds,
so DVC's run-cache cannot hand the second pass the first one's stages). prepare reads `--limit` images
per class, so that the upstream (prepare, the classifier) takes a minute; the runs themselves are sized
by the flags. Not part of the test run.

    .venv/bin/python benchmarks/study_queue.py                  # 4 runs a pass

Known to fail as it stands: the queued runs' stages complete, but DVC cannot save the experiments, because
the clone's committed dvc.lock names root outputs (reports/train) its fresh cache lacks; the root pipeline
must be reproduced (at tiny sizes) or pulled in the clone before queueing.

JSON goes to benchmarks/results/study_queue.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from fresh_clone import REPO, fresh_clone, run_checked

sys.path.insert(0, str(REPO))
from pipelines.command import apply_overrides, set_param_args  # noqa: E402

STUDY = "studies/augmentation/dvc.yaml"


def _queue_pass(*, clone: Path, env: dict, seeds: list[int], k: int, jobs: int, poll_s: float) -> dict:
    """Queue one experiment per seed, start `jobs` workers, and wait until none is queued or running."""
    for seed in seeds:
        run_checked(["dvc", "exp", "run", "--queue", STUDY,
              *set_param_args({"study.k": [k], "study.seeds": [seed], "train.cpu_threads": 1, "classifier.threads": 1})],
             clone, env)
    start = time.perf_counter()
    run_checked(["dvc", "queue", "start", "-j", str(jobs)], clone, env)
    while True:
        status = run_checked(["dvc", "queue", "status"], clone, env)
        if not re.search(r"\b(Queued|Running)\b", status):
            break
        time.sleep(poll_s)
    elapsed = time.perf_counter() - start
    succeeded = len(re.findall(r"\bSuccess\b", status))
    if succeeded != len(seeds):
        sys.exit(f"{len(seeds) - succeeded} of {len(seeds)} queued runs did not succeed at -j {jobs} (their "
                 f"logs: `dvc queue logs <task>` in {clone}, kept with --keep):\n{status}")
    run_checked(["dvc", "queue", "stop"], clone, env)  # no task is running: the workers exit now
    run_checked(["dvc", "queue", "remove", "--success"], clone, env)
    return {"jobs": jobs, "seeds": seeds, "wall_s": round(elapsed, 1), "succeeded": succeeded, "status": status}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=4, help="experiments (one (k, seed) run each) per pass")
    parser.add_argument("--k", type=int, default=2, help="real images per class of every run")
    parser.add_argument("--limit", type=int, default=12, help="prepare.limit: images per class read from the source")
    parser.add_argument("--gan-steps", type=int, default=30, help="study.gan_steps")
    parser.add_argument("--classifier-steps", type=int, default=30, help="study.classifier_steps")
    parser.add_argument("--per-class", type=int, default=5, help="study.generated_per_class")
    parser.add_argument("--fid-samples", type=int, default=20, help="study.fid_samples")
    parser.add_argument("--poll", type=float, default=2.0, help="seconds between looks at `dvc queue status`")
    parser.add_argument("--keep", type=Path, help="clone here and keep it (default: a temporary folder)")
    args = parser.parse_args()

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="calligan-queue-"))
    clone, env = fresh_clone(workdir)
    env["OMP_NUM_THREADS"] = "1"
    apply_overrides(repo=clone, overrides={
        "prepare.limit": args.limit, "study.gan_steps": args.gan_steps, "study.classifier_steps": args.classifier_steps,
        "study.generated_per_class": args.per_class, "study.fid_samples": args.fid_samples,
        "classifier.threads": 1, "train.cpu_threads": 1,
    })
    # The upstream once, committed: every queued experiment starts from a commit whose dvc.lock says it is current.
    upstream_start = time.perf_counter()
    run_checked(["dvc", "repro", "classifier"], clone, env)
    upstream_s = time.perf_counter() - upstream_start
    run_checked(["git", "add", "-A"], clone, env)
    run_checked(["git", "-c", "user.email=bench@calligan", "-c", "user.name=bench", "commit", "-q", "-m", "tiny upstream"],
         clone, env)

    passes = [_queue_pass(clone=clone, env=env, seeds=list(range(args.runs)), k=args.k, jobs=1, poll_s=args.poll),
              _queue_pass(clone=clone, env=env, seeds=list(range(args.runs, 2 * args.runs)), k=args.k, jobs=2,
                          poll_s=args.poll)]
    result = {
        "benchmark": "study_queue",
        "what": "wall seconds for --runs queued study experiments (one (k, seed) run each) at dvc queue start -j 1 "
                "and -j 2, from `dvc queue start` until none is queued or running",
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "cores": len(os.sched_getaffinity(0)),
        "upstream_s": round(upstream_s, 1),
        "passes": [{key: value for key, value in p.items() if key != "status"} for p in passes],
        "speedup_j2": round(passes[0]["wall_s"] / passes[1]["wall_s"], 3),
        "last_status": passes[1]["status"],
    }
    out = REPO / "benchmarks" / "results" / "study_queue.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({key: value for key, value in result.items() if key != "last_status"}, indent=2))
    if not args.keep:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()

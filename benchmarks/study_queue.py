"""Wall time of the augmentation study's runs through DVC's experiment queue at -j 1 and -j 2, on a fresh clone.

Each queued experiment is one (k, seed) run of studies/augmentation/dvc.yaml (`-S study.k=[k]
-S study.seeds=[seed]`), every process on one thread (`train.cpu_threads`, `classifier.threads`), so
that -j N runs N of them side by side instead of N two-thread trainings fighting over the cores. Both
passes do the same work: `--runs` experiments, seeds 0..R-1 at -j 1 and R..2R-1 at -j 2 (other seeds,
so DVC's run-cache cannot hand the second pass the first one's stages). prepare reads `--limit` images
per class, so that the upstream (prepare, the classifier) takes a minute; the runs themselves are sized
by the flags. Not part of the test run.

    .venv/bin/python benchmarks/study_queue.py                  # 4 runs a pass

The clone uses this checkout's DVC cache, as a user's checkout after `dvc repro` or `dvc pull` holds its
own: DVC saves an experiment only when every output the committed dvc.lock names is in the cache (a clone
with an empty cache fails the save with "failed to load directory ('reports', 'train')"). So run the root
`dvc repro` here first; the benchmark refuses to start when `dvc status` says the root pipeline is stale.

JSON goes to benchmarks/results/study_queue.json.
"""

from __future__ import annotations

import argparse
import json
import logging
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
from pipelines.study import ONE_THREAD, STUDY_FILE, queue_runs  # noqa: E402

LOGGER = logging.getLogger("study_queue")


def _queue_pass(*, clone: Path, env: dict, seeds: list[int], k: int, jobs: int, poll_s: float) -> dict:
    """One (k, seed) experiment per seed, `jobs` at a time, every process on one thread."""
    wall_s = queue_runs(repo=clone, grid=[(k, seed) for seed in seeds], overrides=ONE_THREAD, jobs=jobs, env=env,
                        logger=LOGGER, poll_s=poll_s)
    return {"jobs": jobs, "seeds": seeds, "wall_s": round(wall_s, 1)}


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
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    status = json.loads(run_checked(["dvc", "status", "--json", "dvc.yaml"], REPO, dict(os.environ, DVC_NO_ANALYTICS="1")))
    stale = sorted(stage for stage, changes in status.items() if changes != ["always changed"])  # `source` always is
    if stale:
        sys.exit(f"the root pipeline of {REPO} is not current ({', '.join(stale)}: `dvc status`), so its cache lacks outputs "
                 f"the committed dvc.lock names and DVC could not save the queued experiments; run `dvc repro` and commit dvc.lock")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="calligan-queue-"))
    clone, env = fresh_clone(workdir)
    run_checked(["dvc", "cache", "dir", "--local", str(REPO / ".dvc" / "cache")], clone, env)
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
    # The whole study here: every run of both passes must come from the run-cache the queued experiments filled.
    grid = {"study.k": [args.k], "study.seeds": list(range(2 * args.runs))}
    summary_start = time.perf_counter()
    summary_log = run_checked(["dvc", "exp", "run", STUDY_FILE, *set_param_args({**grid, **ONE_THREAD})], clone, env)
    summary_s = time.perf_counter() - summary_start
    recomputed = re.findall(r"Running stage '([^']+@[^']+)'", summary_log)
    if recomputed:
        sys.exit(f"the study's `dvc exp run` recomputed queued runs' stages instead of restoring them: {recomputed}")
    result = {
        "benchmark": "study_queue",
        "what": "wall seconds for --runs queued study experiments (one (k, seed) run each) at dvc queue start -j 1 "
                "and -j 2, from `dvc queue start` until none is queued or running; then the whole study's `dvc exp "
                "run`, which must restore every run from the run-cache and compute only the summary",
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "cores": len(os.sched_getaffinity(0)),
        "upstream_s": round(upstream_s, 1),
        "passes": passes,
        "speedup_j2": round(passes[0]["wall_s"] / passes[1]["wall_s"], 3),
        "summary_s": round(summary_s, 1),
        "summary_stages_run": re.findall(r"Running stage '([^']+)'", summary_log),
        "summary_runs_restored": len(re.findall(r"is cached - skipping run", summary_log)),
    }
    out = REPO / "benchmarks" / "results" / "study_queue.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    if not args.keep:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()

"""The augmentation study fanned out over machines: each (k, seed) run of its DVC pipeline is its own
Prefect flow run, picked up by any worker of a process work pool; all of them share one DVC remote.

How the pieces meet, and why this way:
- DVC stays the truth. The study's `dvc.yaml` holds `matrix` stages named `<stage>@<k>-<seed>`; one
  *run* is every stage with the same `@<k>-<seed>` suffix. Nothing here lists stages or runs.
- A worker runs its run with `dvc repro --pull <the run's stages>` in its own checkout, then
  `dvc push --run-cache`: the inputs come from the remote, and the results go back to it as DVC's
  run-cache (each stage keyed by its command, dependencies and params), not as files to copy by hand.
- The study flow first reproduces and pushes what every run depends on (prepare, the classifier), so
  no worker recomputes them; then it starts one `study-run` flow run per run through the deployment
  and waits for all; then `dvc repro --pull` of the whole study file in its own checkout finds every
  run stage in the run-cache ("is cached - skipping run, checking out outputs") and runs only the
  summary. dvc.lock and the outputs agree there, as after a local `dvc repro`.
- A worker's checkout is `CALLIGAN_REPO` when set (two workers on one machine need two checkouts:
  DVC locks a workspace), else the checkout this package lives in.

Commands (README, "The augmentation study"): `python -m pipelines.study deploy --pool P` once,
`prefect worker start --pool P` on every machine, `python -m pipelines.study run` to start a study.

On one machine, `python -m pipelines.study queue -j N` does the same with DVC's experiment queue and no
Prefect server: one queued experiment per run (`-S study.k=[k] -S study.seeds=[seed]`), `dvc queue
start -j N`, and then `dvc exp run` of the whole study file here. Queued experiments run in temporary
copies of the project that share this checkout's cache, run-cache included, so that last `dvc exp run`
also finds every run cached and computes only the summary.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from prefect import flow, get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.logging import get_run_logger

from calligan.config import load_params
from calligan.errors import CalliganError
from pipelines.command import override_patterns, set_param_args, stage_environment
from pipelines.preset import read_preset
from pipelines.stream import run_streaming

STUDY_FILE = "studies/augmentation/dvc.yaml"
RUN_FLOW = "study-run"
STUDY_FLOW = "augmentation-study"
DEPLOYMENT_NAME = "calligan-study"
POOL = "calligan-study"
REPO_VARIABLE = "CALLIGAN_REPO"
# The checkout this package lives in: where the deployment's code is, and a worker's default checkout.
DEFAULT_REPO = Path(__file__).resolve().parents[1]
POLL_S = 2.0  # how often the study flow looks at its runs' states
# One thread a process when runs share the cores: two 2-thread trainings on this box's 2 cores wait on
# each other's OpenMP barriers (11 -> 0.3 steps/s). Neither key is a param of a study stage, so they
# change no run-cache key.
ONE_THREAD = {"train.cpu_threads": 1, "classifier.threads": 1}


class DvcFailed(RuntimeError):
    """A DVC command of the study failed; the message ends with its last output lines."""


def checkout() -> Path:
    """The DVC project this process works in: $CALLIGAN_REPO, else the checkout of this package."""
    return Path(os.environ.get(REPO_VARIABLE) or DEFAULT_REPO).resolve()


def dvc(*args: str, repo: Path, logger, env: dict[str, str] | None = None) -> list[str]:
    """Run `dvc <args>` in `repo` (environment: `stage_environment()` unless given), its lines into
    `logger`; its last lines, or DvcFailed."""
    code, lines = run_streaming(argv=["dvc", *args], cwd=repo, env=env or stage_environment(), logger=logger)
    if code:
        raise DvcFailed(f"`dvc {' '.join(args)}` in {repo} exited with {code}:\n" + "\n".join(lines[-20:]))
    return lines


def study_runs(*, repo: Path, study_file: str, logger) -> tuple[dict[str, list[str]], list[str]]:
    """The study's runs ({"10-0": [its stages]}) and the stages that are no run's (the summary)."""
    runs: dict[str, list[str]] = {}
    rest = []
    # Names come back as targets, `<study_file>:<stage>@<k>-<seed>`.
    for target in dvc("stage", "list", "--name-only", study_file, repo=repo, logger=logger):
        run = target.rpartition(":")[2].partition("@")[2]
        (runs.setdefault(run, []) if run else rest).append(target)
    if not runs:
        raise ValueError(f"{study_file} has no matrix stages (`<stage>@<k>-<seed>`) to fan out")
    return runs, rest


def upstream_stages(*, repo: Path, study_file: str, targets: Sequence[str], logger) -> list[str]:
    """The stages outside `study_file` that `targets` depend on (`dvc dag` lists a target's ancestors)."""
    found: list[str] = []
    for target in targets:
        for line in dvc("dag", "--dot", target, repo=repo, logger=logger):
            # Nodes are lines like `"prepare";` or `"studies/augmentation/dvc.yaml:subset@10-0";`.
            node = line.strip().rstrip(";").strip()
            if node.startswith('"') and node.endswith('"') and "->" not in node:
                name = node.strip('"')
                if not name.startswith(f"{study_file}:") and name not in found:
                    found.append(name)
    return found


@flow(name=RUN_FLOW, log_prints=True)
def study_run(run: str, study_file: str = STUDY_FILE) -> str:
    """One (k, seed) run of the study, in this worker's checkout; its results go to the DVC remote."""
    logger = get_run_logger()
    repo = checkout()
    runs, _ = study_runs(repo=repo, study_file=study_file, logger=logger)
    if run not in runs:
        raise ValueError(f"run {run!r} is not in {study_file}; it has: {', '.join(runs)}")
    dvc("repro", "--pull", *runs[run], repo=repo, logger=logger)
    dvc("push", "--run-cache", *runs[run], repo=repo, logger=logger)
    return run


def _wait(flow_runs: dict, *, logger) -> None:
    """Until every flow run is final; an error naming the runs that did not complete."""
    pending = dict(flow_runs)
    states = {}
    with get_client(sync_client=True) as client:
        while pending:
            for run, flow_run in list(pending.items()):
                state = client.read_flow_run(flow_run.id).state
                if state is not None and state.is_final():
                    states[run] = state
                    logger.info("run %s: %s", run, state.name)
                    del pending[run]
            if pending:
                time.sleep(POLL_S)
    failed = {run: state for run, state in states.items() if not state.is_completed()}
    if failed:
        raise RuntimeError("study runs did not complete: "
                           + "; ".join(f"{run} ({state.name}: {state.message})" for run, state in failed.items()))


@flow(name=STUDY_FLOW, log_prints=True)
def augmentation_study(study_file: str = STUDY_FILE, deployment: str = f"{RUN_FLOW}/{DEPLOYMENT_NAME}") -> list[str]:
    """Every run of the study as a flow run of `deployment`, then the summary here. Returns the runs."""
    logger = get_run_logger()
    repo = checkout()
    runs, rest = study_runs(repo=repo, study_file=study_file, logger=logger)
    # Every run has the same upstream (prepare, the classifier, ...): one run's stages show all of it.
    upstream = upstream_stages(repo=repo, study_file=study_file, targets=next(iter(runs.values())), logger=logger)
    if upstream:
        dvc("repro", "--pull", *upstream, repo=repo, logger=logger)
        dvc("push", "--run-cache", *upstream, repo=repo, logger=logger)
    # timeout=0: submit and return; the runs go to whichever workers are free.
    submitted = {run: run_deployment(deployment, parameters={"run": run, "study_file": study_file}, timeout=0)
                 for run in runs}
    _wait(submitted, logger=logger)
    dvc("repro", "--pull", study_file, repo=repo, logger=logger)
    return list(runs)


def study_grid(*, repo: Path, overrides: dict) -> list[tuple[int, int]]:
    """(k, seed) of every run of the study, from repo/params.yaml with `overrides` applied."""
    study = load_params(repo / "params.yaml", override_patterns(overrides)).study
    return [(k, seed) for k in study.k for seed in study.seeds]


def _queue_rows(status: str) -> dict[str, str]:
    """{experiment name: state} of `dvc queue status`'s table (Task, Name, Created, Status)."""
    rows = {}
    for line in status.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[0] != "Task":
            rows[fields[1]] = fields[-1]
    return rows


def _idle_queue(status: str, *, states: Sequence[str | None]) -> bool:
    """True when some of `states` are queued, none runs, and `dvc queue status` counts no worker at all."""
    workers = re.search(r"Worker status: (\d+) active, (\d+) idle", status)
    return (workers is not None and int(workers[1]) + int(workers[2]) == 0
            and "Queued" in states and "Running" not in states)


def queue_runs(
    *,
    repo: Path,  # the checkout whose queue and cache the runs use
    grid: Sequence[tuple[int, int]],  # the (k, seed) runs, one experiment each
    overrides: dict,  # every run's other `-S` params (a preset, ONE_THREAD)
    jobs: int,  # `dvc queue start -j`: runs side by side
    env: dict[str, str],
    logger: logging.Logger,
    study_file: str = STUDY_FILE,
    poll_s: float = 5.0,  # seconds between looks at `dvc queue status`
) -> float:
    """Queue one experiment per run, run them `jobs` at a time and wait; the wall seconds from `dvc
    queue start` until none is queued or running. DvcFailed names the runs that did not succeed."""
    names = {}
    for k, seed in grid:
        queued = dvc("exp", "run", "--queue", study_file,
                     *set_param_args({**overrides, "study.k": [k], "study.seeds": [seed]}), repo=repo, logger=logger, env=env)
        found = re.search(r"Queued experiment '([^']+)'", "\n".join(queued))
        if not found:
            raise DvcFailed(f"`dvc exp run --queue` for run {k}-{seed} did not name its experiment:\n" + "\n".join(queued))
        names[found.group(1)] = f"{k}-{seed}"
    quiet = logging.getLogger(f"{logger.name}.poll")  # the status table, every few seconds: its warnings only
    quiet.setLevel(logging.WARNING)
    start = time.perf_counter()
    dvc("queue", "start", "-j", str(jobs), repo=repo, logger=logger, env=env)
    while True:
        status = "\n".join(dvc("queue", "status", repo=repo, logger=quiet, env=env))
        states = _queue_rows(status)
        if not any(states.get(name) in ("Queued", "Running") for name in names):
            break
        if _idle_queue(status, states=[states.get(name) for name in names]):
            # Seen here: both workers exited after their first runs and left the other two queued.
            logger.info("runs are queued and no worker is left: starting %d again", jobs)
            dvc("queue", "start", "-j", str(jobs), repo=repo, logger=logger, env=env)
        time.sleep(poll_s)
    elapsed = time.perf_counter() - start
    dvc("queue", "stop", repo=repo, logger=logger, env=env)  # nothing is running: the workers exit now
    failed = {run: states.get(name, "missing") for name, run in names.items() if states.get(name) != "Success"}
    if failed:
        raise DvcFailed("queued study runs did not succeed: " + ", ".join(f"{run} ({state})" for run, state in failed.items())
                        + f"; their logs: `dvc queue logs <name>` in {repo} (names: {', '.join(names)})")
    return elapsed


def queue_study(*, repo: Path, overrides: dict, jobs: int, logger: logging.Logger, study_file: str = STUDY_FILE) -> float:
    """The study on this machine's DVC queue, `jobs` runs at a time, then its summary by `dvc exp run` here
    (every run restored from the run-cache). Returns the queue's wall seconds."""
    env = stage_environment()
    # A queued run's stages run in its own copy of the project; with `src` first on their path they import
    # that copy's code, the code its dependencies were hashed from, not this checkout's (the editable
    # install), which may have changed since the run was queued.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, ["src", env.get("PYTHONPATH")]))
    if jobs > 1:
        env["OMP_NUM_THREADS"] = "1"
    # The upstream first, here: queued experiments start from this workspace, so they find it current
    # instead of each computing it again.
    runs, _ = study_runs(repo=repo, study_file=study_file, logger=logger)
    upstream = upstream_stages(repo=repo, study_file=study_file, targets=next(iter(runs.values())), logger=logger)
    if upstream:
        dvc("repro", *upstream, repo=repo, logger=logger, env=env)
    elapsed = queue_runs(repo=repo, grid=study_grid(repo=repo, overrides=overrides),
                         overrides={**overrides, **(ONE_THREAD if jobs > 1 else {})}, jobs=jobs, env=env,
                         logger=logger, study_file=study_file)
    dvc("exp", "run", study_file, *set_param_args(overrides), repo=repo, logger=logger, env=env)
    return elapsed


def deploy(*, pool: str) -> None:
    """Create the process work pool if it is missing and register `study-run` on it, with this
    checkout as the code's source (every worker machine needs the project at the same path)."""
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
    study_run.from_source(source=str(DEFAULT_REPO), entrypoint="pipelines/study.py:study_run").deploy(
        name=DEPLOYMENT_NAME, work_pool_name=pool, print_next_steps=False
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.study", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    deploy_parser = sub.add_parser("deploy", help="create the work pool and register the study-run deployment")
    deploy_parser.add_argument("--pool", default=POOL, help=f"process work pool (default: {POOL})")
    run_parser = sub.add_parser("run", help="run the study: one flow run per (k, seed) on the pool, then the summary")
    run_parser.add_argument("--study-file", default=STUDY_FILE, help=f"the study's dvc.yaml (default: {STUDY_FILE})")
    queue_parser = sub.add_parser("queue", help="run the study on this machine: DVC's queue, N runs at a time, then the summary")
    queue_parser.add_argument("-j", "--jobs", type=int, default=len(os.sched_getaffinity(0)),
                              help="runs side by side, one thread each when more than one (default: this machine's cores)")
    queue_parser.add_argument("--preset", type=Path, help="a preset file of params.yaml keys (studies/augmentation/params-cpu.yaml)")
    queue_parser.add_argument("--study-file", default=STUDY_FILE, help=f"the study's dvc.yaml (default: {STUDY_FILE})")
    args = parser.parse_args(argv)
    if args.action == "deploy":
        deploy(pool=args.pool)
        print(f"pipelines.study: {RUN_FLOW}/{DEPLOYMENT_NAME} serves work pool {args.pool!r}; start workers with "
              f"`prefect worker start --pool {args.pool}`")
        return 0
    if args.action == "queue":
        return _queue_main(args)
    state = augmentation_study(study_file=args.study_file, return_state=True)
    if state.is_failed():
        print(f"pipelines.study: error: {state.message}", file=sys.stderr)
        return 1
    return 0


def _queue_main(args: argparse.Namespace) -> int:
    # Its own handler: importing Prefect configures the root logger, which would drop DVC's INFO lines.
    logger = logging.getLogger("pipelines.study.queue")
    logger.setLevel(logging.INFO)
    logger.addHandler(logging.StreamHandler(sys.stdout))
    logger.propagate = False
    repo = checkout()
    try:
        overrides = read_preset(args.preset, params=repo / "params.yaml") if args.preset else {}
        elapsed = queue_study(repo=repo, overrides=overrides, jobs=args.jobs, logger=logger, study_file=args.study_file)
    except (CalliganError, DvcFailed) as exc:
        print(f"pipelines.study: error: {exc}", file=sys.stderr)
        return 1
    print(f"pipelines.study: every run done in {elapsed / 60:.1f} min at -j {args.jobs}; summary in the workspace "
          f"(`dvc metrics show`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from prefect import flow, get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.logging import get_run_logger

from pipelines.command import stage_environment
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


class DvcFailed(RuntimeError):
    """A DVC command of the study failed; the message ends with its last output lines."""


def checkout() -> Path:
    """The DVC project this process works in: $CALLIGAN_REPO, else the checkout of this package."""
    return Path(os.environ.get(REPO_VARIABLE) or DEFAULT_REPO).resolve()


def dvc(*args: str, repo: Path, logger) -> list[str]:
    """Run `dvc <args>` in `repo`, its lines into the run's log; its last lines, or DvcFailed."""
    code, lines = run_streaming(argv=["dvc", *args], cwd=repo, env=stage_environment(), logger=logger)
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
    args = parser.parse_args(argv)
    if args.action == "deploy":
        deploy(pool=args.pool)
        print(f"pipelines.study: {RUN_FLOW}/{DEPLOYMENT_NAME} serves work pool {args.pool!r}; start workers with "
              f"`prefect worker start --pool {args.pool}`")
        return 0
    state = augmentation_study(study_file=args.study_file, return_state=True)
    if state.is_failed():
        print(f"pipelines.study: error: {state.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `calligraphy-pipeline` flow: each stage of dvc.yaml as one Prefect task, run by DVC.

DVC stays the single truth: the flow reads the stage list from dvc.yaml, applies the run's overrides
to params.yaml once, runs every stage through `dvc repro` and saves the result as one DVC experiment
named after the flow run (see `pipelines.command` for why this way), and so inherits DVC's hashing,
caching and versioning; a failed stage leaves the outputs of the earlier ones valid and cached.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Literal

from prefect import flow, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.logging.loggers import task_run_logger
from prefect.runtime import flow_run

from pipelines.artifacts import dvc_metrics, metrics_table, outputs_markdown
from pipelines.command import apply_overrides, save_command, stage_command, stage_environment
from pipelines.failure import StageFailed, explain, should_retry
from pipelines.progress import ProgressWatcher, training_log
from pipelines.project import declared_outputs, select_stages, stage_names
from pipelines.stream import run_streaming

FLOW_NAME = "calligraphy-pipeline"
# The checkout this package lives in: the project a served deployment runs.
DEFAULT_REPO = Path(__file__).resolve().parents[1]
# The stage names of that checkout's dvc.yaml, so that the UI offers them as choices.
StageName = Literal[tuple(stage_names(repo=DEFAULT_REPO))]


class _ProgressArtifact:
    """One progress artifact per task run, created at the first report and updated after."""

    def __init__(self, *, stage: str, log: Path) -> None:
        self._description = f"steps done in stage {stage!r}, read from {log}"
        self._id = None

    def __call__(self, progress: float) -> None:
        if self._id is None:
            self._id = create_progress_artifact(
                progress, key="training-progress", description=self._description
            )
        else:
            update_progress_artifact(self._id, progress)


def log_stage_failure(task, task_run, state) -> None:
    """Prefect `on_failure` hook: one ERROR line with the failed stage's own last error line, once
    no retry is left, so the reason is the last thing in the run's log."""
    exc = state.result(raise_on_failure=False)
    reason = str(exc) if isinstance(exc, StageFailed) else f"stage {task_run.name!r} failed: {state.message}"
    task_run_logger(task_run, task=task).error(reason)


# DVC owns caching; a Prefect cache would skip a stage DVC considers stale.
@task(name="stage", retry_condition_fn=should_retry, cache_policy=NO_CACHE, on_failure=[log_stage_failure])
def run_stage(
    *,
    stage: str,  # a stage name of dvc.yaml
    repo: Path,  # the project root
    progress_interval: float,  # seconds between polls of the training log
) -> None:
    """Run one stage with `dvc repro`, streaming its output into the task's log."""
    logger = get_run_logger()
    argv = stage_command(stage=stage)
    logger.info("$ %s", " ".join(argv))
    training = training_log(repo=repo)
    started = time.time()
    watcher = nullcontext()
    if training is not None:
        log, target = training
        watcher = ProgressWatcher(
            log=log, target=target, since=started, report=_ProgressArtifact(stage=stage, log=log),
            interval=progress_interval,
        )
    with watcher:
        returncode, lines = run_streaming(argv=argv, cwd=repo, env=stage_environment(), logger=logger)
    if returncode != 0:
        raise explain(stage=stage, lines=lines, returncode=returncode)
    logger.info("stage %r done in %.1f s", stage, time.time() - started)


@task(name="overrides", cache_policy=NO_CACHE)
def set_overrides(*, repo: Path, overrides: dict[str, Any]) -> None:
    """Write the run's overrides into params.yaml, once, before any stage runs."""
    apply_overrides(repo=repo, overrides=overrides)
    get_run_logger().info("params.yaml: %s", ", ".join(f"{k}={v!r}" for k, v in overrides.items()))


@task(name="experiment", cache_policy=NO_CACHE)
def save_experiment(*, repo: Path, name: str) -> str:
    """Save the workspace as the DVC experiment `name`; returns the name."""
    argv = save_command(name=name)
    logger = get_run_logger()
    logger.info("$ %s", " ".join(argv))
    returncode, lines = run_streaming(argv=argv, cwd=repo, env=stage_environment(), logger=logger)
    if returncode != 0:
        raise explain(stage="experiment", lines=lines, returncode=returncode)
    return name


@task(name="artifacts", cache_policy=NO_CACHE)
def publish_artifacts(*, repo: Path, stages: list[str], experiment: str) -> None:
    """The metrics table and the paths of the report and submission, for the flow run's page."""
    rows = metrics_table(dvc_metrics(repo=repo))
    if rows:
        create_table_artifact(rows, key="metrics", description="metrics of the last run (dvc metrics show)")
    create_markdown_artifact(
        outputs_markdown(repo=repo, outputs=declared_outputs(repo=repo, stages=stages), experiment=experiment),
        key="outputs",
        description="report, submission and every output of the stages that ran",
    )


@flow(name=FLOW_NAME)
def calligraphy_pipeline(
    stages: list[StageName] | None = None,
    overrides: dict[str, Any] | None = None,
    repo: str = str(DEFAULT_REPO),
    retries: int = 1,
    retry_delay_seconds: float = 30.0,
    stage_timeout_hours: float = 48.0,
    progress_interval_seconds: float = 5.0,
) -> list[str]:
    """Run the calligan pipeline of dvc.yaml, one task per stage, in pipeline order, as one DVC
    experiment named after this flow run.

    Args:
        stages: stage names to run (default: all of dvc.yaml); each also brings its stale upstream
            stages up to date, because DVC will not run a stage on outdated inputs.
        overrides: parameters to change, `{"train.steps": 500}`, written into params.yaml before the
            stages run; the experiment records them (`dvc exp show`).
        repo: root of the DVC project.
        retries: extra attempts for a stage that crashed or found DVC locked; bad input (exit 2) and
            DVC refusing the pipeline are never retried, they would fail the same way.
        retry_delay_seconds: wait before a retry.
        stage_timeout_hours: a stage still running after this long is stopped and fails (the GPU
            preset's 100k steps take hours; a stage hung on a lost device should not hold the queue).
        progress_interval_seconds: how often the training log is read for the progress artifact.
    """
    root = Path(repo).resolve()
    selected = select_stages(repo=root, wanted=stages)
    overrides = dict(overrides or {})
    get_run_logger().info("stages %s in %s, overrides %s", selected, root, overrides or "none")
    if overrides:
        set_overrides(repo=root, overrides=overrides)
    for stage in selected:
        run_stage.with_options(
            name=stage, task_run_name=stage, retries=retries, retry_delay_seconds=retry_delay_seconds,
            timeout_seconds=stage_timeout_hours * 3600,
        )(stage=stage, repo=root, progress_interval=progress_interval_seconds)
    experiment = save_experiment(repo=root, name=flow_run.name)
    publish_artifacts(repo=root, stages=selected, experiment=experiment)
    return selected

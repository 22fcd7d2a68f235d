"""The `calligraphy-pipeline` flow: each stage of dvc.yaml as one Prefect task, run by DVC.

DVC stays the single truth: the flow reads the stage list from dvc.yaml, runs every stage through
`dvc repro` / `dvc exp run` (see `pipelines.command` for why those and how overrides travel), and
so inherits DVC's hashing, caching and versioning; a failed stage leaves the outputs of the earlier
ones valid and cached.
"""

from __future__ import annotations

import re
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from pipelines.artifacts import dvc_metrics, metrics_table, outputs_markdown
from pipelines.command import stage_command, stage_environment
from pipelines.failure import explain, should_retry
from pipelines.progress import ProgressWatcher, training_log
from pipelines.project import declared_outputs, select_stages
from pipelines.stream import run_streaming

FLOW_NAME = "calligraphy-pipeline"
# The checkout this package lives in: the project a served deployment runs.
DEFAULT_REPO = Path(__file__).resolve().parents[1]
# DVC's closing line of `dvc exp run`.
_EXPERIMENT = re.compile(r"^Ran experiment\(s\): (\S+)")


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


# DVC owns caching; a Prefect cache would skip a stage DVC considers stale.
@task(name="stage", retry_condition_fn=should_retry, cache_policy=NO_CACHE)
def run_stage(
    *,
    stage: str,  # a stage name of dvc.yaml
    repo: Path,  # the project root
    overrides: dict[str, Any],  # group.key -> value; empty for a plain `dvc repro`
    progress_interval: float,  # seconds between polls of the training log
) -> str | None:
    """Run one stage with DVC, streaming its output into the task's log. Returns the DVC experiment
    name when overrides made it an experiment."""
    logger = get_run_logger()
    argv = stage_command(stage=stage, overrides=overrides)
    logger.info("$ %s", " ".join(argv))
    training = training_log(repo=repo, overrides=overrides)
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
    return next((m.group(1) for line in lines if (m := _EXPERIMENT.match(line))), None)


@task(name="artifacts", cache_policy=NO_CACHE)
def publish_artifacts(*, repo: Path, stages: list[str], experiment: str | None) -> None:
    """The metrics table and the links to the report and submission, for the flow run's page."""
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
    stages: list[str] | None = None,
    overrides: dict[str, Any] | None = None,
    repo: str = str(DEFAULT_REPO),
    retries: int = 1,
    retry_delay_seconds: float = 30.0,
    progress_interval_seconds: float = 5.0,
) -> list[str]:
    """Run the calligan pipeline of dvc.yaml, one task per stage, in pipeline order.

    Args:
        stages: stage names to run (default: all of dvc.yaml); each also brings its stale upstream
            stages up to date, because DVC will not run a stage on outdated inputs.
        overrides: parameters to change, `{"train.steps": 500}`; the run becomes a DVC experiment in
            the workspace (`dvc exp run -S`), visible in `dvc exp show`.
        repo: root of the DVC project.
        retries: extra attempts for a stage that crashed or found DVC locked; bad input (exit 2) and
            DVC refusing the pipeline are never retried, they would fail the same way.
        retry_delay_seconds: wait before a retry.
        progress_interval_seconds: how often the training log is read for the progress artifact.
    """
    root = Path(repo).resolve()
    selected = select_stages(repo=root, wanted=stages)
    overrides = dict(overrides or {})
    get_run_logger().info("stages %s in %s, overrides %s", selected, root, overrides or "none")
    experiment = None
    for stage in selected:
        stage_task = run_stage.with_options(
            name=stage, task_run_name=stage, retries=retries, retry_delay_seconds=retry_delay_seconds
        )
        experiment = (
            stage_task(stage=stage, repo=root, overrides=overrides, progress_interval=progress_interval_seconds)
            or experiment
        )
    publish_artifacts(repo=root, stages=selected, experiment=experiment)
    return selected

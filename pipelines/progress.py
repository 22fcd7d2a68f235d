"""Training progress for the Prefect UI, read from the training log while the stage runs."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipelines.project import param, read_yaml

# `calligan train` rewrites <train.reports_dir>/log.csv every few steps; `train.steps` is the goal.
REPORTS_PARAM = "train.reports_dir"
DEFAULT_REPORTS_DIR = "reports/train"  # calligan's default for train.reports_dir
LOG_NAME = "log.csv"
STEP_COLUMN = "step"
TARGET_PARAM = "train.steps"


def training_log(*, repo: Path) -> tuple[Path, int] | None:
    """The training log to watch and the step count that means done, from params.yaml (which holds
    the run's overrides by the time a stage runs); None when it has no positive `train.steps`."""
    params = read_yaml(repo / "params.yaml")
    target = param(params, TARGET_PARAM)
    if not isinstance(target, int) or isinstance(target, bool) or target <= 0:
        return None
    return repo / str(param(params, REPORTS_PARAM) or DEFAULT_REPORTS_DIR) / LOG_NAME, target


def latest_step(*, log: Path, since: float) -> int | None:  # since: ignore a log older than this (epoch s)
    """The largest step in `log`, or None while there is no fresh, readable log.

    A log left by an earlier run is ignored; a half-written last line is read on the next poll.
    """
    try:
        if log.stat().st_mtime < since:
            return None
        steps = pd.read_csv(log, usecols=[STEP_COLUMN])[STEP_COLUMN]
    except (OSError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    return int(steps.max()) if len(steps) else None


def percent(*, step: int, target: int) -> float:
    """Progress in percent for the artifact, clipped to 0-100."""
    return max(0.0, min(100.0, 100.0 * step / target)) if target > 0 else 0.0


class ProgressWatcher:
    """Polls the training log in a thread and reports each new percentage.

    `report(progress)` is called from the watcher's thread inside a copy of the caller's context, so
    Prefect calls in it still belong to the task run that started the watcher.
    """

    def __init__(
        self,
        *,
        log: Path,  # the CSV to poll
        target: int,  # the step that means 100 %
        since: float,  # epoch seconds; older logs belong to earlier runs
        report: Callable[[float], None],  # receives each new percentage
        interval: float,  # seconds between polls
    ) -> None:
        self._log, self._target, self._since, self._report, self._interval = log, target, since, report, interval
        self._stop = threading.Event()
        self._last: float | None = None
        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(self._loop,), daemon=True, name="progress")

    def poll(self) -> None:
        step = latest_step(log=self._log, since=self._since)
        if step is None:
            return
        value = percent(step=step, target=self._target)
        if value != self._last:
            self._last = value
            self._report(value)

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self.poll()

    def __enter__(self) -> ProgressWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.poll()

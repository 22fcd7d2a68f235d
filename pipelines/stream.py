"""Run one command and hand each line of its output to a logger as it appears."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path

from pipelines.failure import STAGE_ERROR


def level_of(line: str) -> int:
    """ERROR for a stage's own error line or DVC's, WARNING for DVC's warnings, INFO otherwise."""
    if STAGE_ERROR.match(line) or line.startswith("ERROR"):
        return logging.ERROR
    if line.startswith("WARNING"):
        return logging.WARNING
    return logging.INFO


def _interrupt(proc: subprocess.Popen, *, grace: float) -> None:
    # SIGINT to the whole group, as Ctrl-C would: DVC releases its lock and the calligan stage
    # leaves its earlier outputs as they were. Only a stage that ignores it is killed.
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def run_streaming(
    *,
    argv: Sequence[str],  # the command
    cwd: Path,  # where it runs
    env: Mapping[str, str],  # its whole environment
    logger: logging.Logger | logging.LoggerAdapter,  # receives every non-empty line
    keep_last: int = 200,  # lines returned: the errors that explain a failure come at the end
    interrupt_grace: float = 30.0,  # seconds a stage gets to stop cleanly when the run is cancelled
) -> tuple[int, list[str]]:
    """Exit status and the last output lines. stderr is merged into stdout so the order is the real
    one; text mode also splits progress-bar redraws (carriage returns) into lines.

    The command runs in its own process group, so a cancelled flow run (or Ctrl-C) stops DVC and the
    stage command under it instead of leaving them running without a parent.
    """
    lines: deque[str] = deque(maxlen=keep_last)
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
        start_new_session=True,
    )
    try:
        with proc.stdout:
            for raw in proc.stdout:
                line = raw.rstrip()
                if line:
                    lines.append(line)
                    logger.log(level_of(line), line)
        proc.wait()
    except BaseException:
        _interrupt(proc, grace=interrupt_grace)
        raise
    return proc.returncode, list(lines)

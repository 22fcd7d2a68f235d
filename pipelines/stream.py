"""Run one command and hand each line of its output to a logger as it appears."""

from __future__ import annotations

import logging
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


def run_streaming(
    *,
    argv: Sequence[str],  # the command
    cwd: Path,  # where it runs
    env: Mapping[str, str],  # its whole environment
    logger: logging.Logger | logging.LoggerAdapter,  # receives every non-empty line
    keep_last: int = 200,  # lines returned: the errors that explain a failure come at the end
) -> tuple[int, list[str]]:
    """Exit status and the last output lines. stderr is merged into stdout so the order is the real
    one; text mode also splits progress-bar redraws (carriage returns) into lines."""
    lines: deque[str] = deque(maxlen=keep_last)
    with subprocess.Popen(
        list(argv), cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    ) as proc:
        for raw in proc.stdout:
            line = raw.rstrip()
            if line:
                lines.append(line)
                logger.log(level_of(line), line)
    return proc.returncode, list(lines)

"""Why a stage failed, and whether running it again can help."""

from __future__ import annotations

import re
from collections.abc import Sequence

# The calligan CLIs end a bad-input failure with exactly one such line on stderr (and exit 2).
STAGE_ERROR = re.compile(r"^calligan [\w\-]+: error: ")
# DVC's summary when a stage's command ran and failed: "... failed to run: <cmd>, exited with <code>".
_EXIT = re.compile(r"failed to run: .*, exited with (-?\d+)\s*$")
# Another DVC process holds the repository lock: waiting and trying again is the fix.
_LOCKED = re.compile(r"Unable to acquire lock", re.IGNORECASE)
# The calligan CLIs' exit status for bad input: the same input fails the same way every time.
BAD_INPUT_EXIT = 2


class StageFailed(RuntimeError):
    """A stage ended non-zero. The message is the stage's own one-line error where it printed one."""

    def __init__(self, *, stage: str, message: str, retriable: bool) -> None:
        super().__init__(f"stage {stage!r} failed: {message}")
        self.stage = stage
        self.retriable = retriable  # False for failures that would repeat identically


def explain(*, stage: str, lines: Sequence[str], returncode: int) -> StageFailed:  # lines: the run's output
    """Turn the output of a failed `dvc` run into a `StageFailed`.

    Retriable: the command crashed or was killed (out of memory, a lost GPU, a signal), or the DVC
    lock was busy. Not retriable: exit 2 (bad input), or DVC refusing before any command ran (an
    invalid dvc.yaml, a missing dependency, an unknown -S key), which no retry changes.
    """
    own = [line for line in lines if STAGE_ERROR.match(line)]
    dvc_errors = [line for line in lines if line.startswith("ERROR")]
    message = (own or dvc_errors or [f"dvc exited with {returncode}"])[-1]
    codes = [int(m.group(1)) for line in lines if (m := _EXIT.search(line))]
    if codes:
        retriable = codes[-1] != BAD_INPUT_EXIT
    else:
        retriable = any(_LOCKED.search(line) for line in lines)
    return StageFailed(stage=stage, message=message, retriable=retriable)


def should_retry(task, task_run, state) -> bool:
    """Prefect `retry_condition_fn`: retry only a failure that `explain` marked retriable."""
    if not state.is_failed():
        return False
    exc = state.result(raise_on_failure=False)
    return isinstance(exc, StageFailed) and exc.retriable

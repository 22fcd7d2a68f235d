import logging
import os
import sys
import time
from pathlib import Path

import psutil
import pytest

from pipelines.stream import level_of, run_streaming

SCRIPT = r"""
import sys
import time
print("first")
sys.stdout.flush()
sys.stderr.write("progress 1\rprogress 2\r\n")
sys.stderr.flush()
print("calligan train: error: bad steps", file=sys.stderr)
sys.exit(2)
"""


def test_levels():
    assert level_of("calligan train: error: x") == logging.ERROR
    assert level_of("ERROR: failed to reproduce 'train'") == logging.ERROR
    assert level_of("WARNING: no hash") == logging.WARNING
    assert level_of("step 3") == logging.INFO


def test_every_line_reaches_the_logger_in_order(tmp_path: Path, caplog):
    logger = logging.getLogger("test-stream")
    with caplog.at_level(logging.INFO, logger="test-stream"):
        code, lines = run_streaming(argv=[sys.executable, "-c", SCRIPT], cwd=tmp_path, env=os.environ, logger=logger)
    assert code == 2
    assert lines == ["first", "progress 1", "progress 2", "calligan train: error: bad steps"]
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.INFO, "first"),
        (logging.INFO, "progress 1"),
        (logging.INFO, "progress 2"),
        (logging.ERROR, "calligan train: error: bad steps"),
    ]


def test_only_the_tail_is_kept(tmp_path: Path):
    script = "for i in range(50): print(i)"
    _, lines = run_streaming(
        argv=[sys.executable, "-c", script], cwd=tmp_path, env=os.environ, logger=logging.getLogger("x"), keep_last=3
    )
    assert lines == ["47", "48", "49"]


class _Cancelled(Exception):
    pass


class _CancellingLogger(logging.Logger):
    """Raises on the first line, as a cancelled Prefect run raises inside the task."""

    def log(self, level, msg, *args, **kwargs):
        raise _Cancelled(msg)


def test_a_cancelled_run_stops_the_command_and_its_children(tmp_path: Path):
    script = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "open('child.pid', 'w').write(str(child.pid))\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    with pytest.raises(_Cancelled):
        run_streaming(
            argv=[sys.executable, "-c", script], cwd=tmp_path, env=os.environ, logger=_CancellingLogger("c"),
            interrupt_grace=10,
        )
    child = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 10
    while psutil.pid_exists(child) and psutil.Process(child).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the stage's child outlived the cancelled run"
        time.sleep(0.05)

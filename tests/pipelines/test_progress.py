import os
import threading
import time
from pathlib import Path

from pipelines.progress import ProgressWatcher, latest_step, percent, training_log


def _log(path: Path, steps: list[int], *, tail: str = "") -> Path:
    path.write_text("step,loss\n" + "".join(f"{s},0.5\n" for s in steps) + tail)
    return path


def test_latest_step_reads_the_largest_step(tmp_path: Path):
    assert latest_step(log=_log(tmp_path / "log.csv", [1, 2, 5]), since=0) == 5


def test_latest_step_ignores_missing_empty_and_stale_logs(tmp_path: Path):
    assert latest_step(log=tmp_path / "absent.csv", since=0) is None
    (tmp_path / "empty.csv").write_text("")
    assert latest_step(log=tmp_path / "empty.csv", since=0) is None
    assert latest_step(log=_log(tmp_path / "header.csv", []), since=0) is None
    stale = _log(tmp_path / "old.csv", [9])
    os.utime(stale, (1000, 1000))
    assert latest_step(log=stale, since=2000) is None


def test_latest_step_tolerates_a_half_written_line(tmp_path: Path):
    assert latest_step(log=_log(tmp_path / "log.csv", [1, 2], tail="3"), since=0) == 3
    (tmp_path / "other.csv").write_text("epoch,loss\n1,2\n")
    assert latest_step(log=tmp_path / "other.csv", since=0) is None


def test_percent_is_clipped():
    assert percent(step=5, target=20) == 25.0
    assert percent(step=30, target=20) == 100.0
    assert percent(step=3, target=0) == 0.0


def test_watcher_reports_each_change_once_and_a_final_value(tmp_path: Path):
    log = tmp_path / "log.csv"
    seen: list[float] = []
    changed = threading.Event()

    def report(value: float) -> None:
        seen.append(value)
        changed.set()

    with ProgressWatcher(log=log, target=4, since=time.time() - 1, report=report, interval=0.01):
        _log(log, [1])
        assert changed.wait(5)
        _log(log, [1, 2, 3, 4])
    assert seen[0] == 25.0
    assert seen[-1] == 100.0
    assert len(seen) == len(set(seen))


def test_training_log_follows_params_yaml(tmp_path: Path):
    (tmp_path / "params.yaml").write_text("train:\n  steps: 300\n  reports_dir: runs/a\n")
    assert training_log(repo=tmp_path) == (tmp_path / "runs/a/log.csv", 300)


def test_training_log_defaults_to_calligans_reports_dir_and_needs_a_step_goal(tmp_path: Path):
    (tmp_path / "params.yaml").write_text("train:\n  steps: 7\n")
    assert training_log(repo=tmp_path) == (tmp_path / "reports/train/log.csv", 7)
    (tmp_path / "params.yaml").write_text("train:\n  steps: 0\n")
    assert training_log(repo=tmp_path) is None
    (tmp_path / "params.yaml").write_text("prepare:\n  out: data\n")
    assert training_log(repo=tmp_path) is None

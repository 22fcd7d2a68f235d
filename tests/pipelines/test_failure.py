from prefect.states import Completed, Failed

from pipelines.failure import StageFailed, explain, should_retry

DVC_TAIL = "ERROR: failed to reproduce 'prepare': failed to run: calligan prepare, exited with {code}"


def test_bad_input_is_reported_by_its_own_line_and_not_retried():
    lines = ["Running stage 'prepare':", "calligan prepare: error: source x.zip not found; fix prepare.source",
             DVC_TAIL.format(code=2)]
    failure = explain(stage="prepare", lines=lines, returncode=255)
    assert str(failure) == "stage 'prepare' failed: calligan prepare: error: source x.zip not found; fix prepare.source"
    assert not failure.retriable


def test_a_crash_or_kill_is_retried():
    for code in (1, -9, 137):
        failure = explain(stage="prepare", lines=["Traceback ...", DVC_TAIL.format(code=code)], returncode=255)
        assert failure.retriable
        assert str(failure).endswith(f"exited with {code}")


def test_dvc_refusing_before_any_command_is_not_retried_but_a_busy_lock_is():
    refused = explain(stage="train", lines=["ERROR: Invalid `--set-param` value: Could not override 'train.x'."],
                      returncode=255)
    assert not refused.retriable
    assert "Could not override" in str(refused)
    locked = explain(stage="train", lines=["ERROR: Unable to acquire lock. Most likely another DVC process"],
                     returncode=255)
    assert locked.retriable


def test_silent_failure_still_says_something():
    assert str(explain(stage="x", lines=[], returncode=3)) == "stage 'x' failed: dvc exited with 3"


def test_retry_condition_reads_the_exception_of_the_failed_state():
    def failed(exc):
        return Failed(data=exc)

    assert should_retry(None, None, failed(StageFailed(stage="t", message="m", retriable=True)))
    assert not should_retry(None, None, failed(StageFailed(stage="t", message="m", retriable=False)))
    assert not should_retry(None, None, failed(ValueError("unknown stage")))
    assert not should_retry(None, None, Completed())

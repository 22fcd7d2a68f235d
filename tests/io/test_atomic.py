import pytest

from calligan.io.atomic import atomic_path, atomic_write_text


def test_success_replaces_target_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out" / "a.txt"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_failure_keeps_previous_content(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("previous")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_output_gets_the_usual_file_permissions(tmp_path):
    import os

    target = tmp_path / "a.txt"
    atomic_write_text(target, "x")
    reference = tmp_path / "plain.txt"
    reference.write_text("x")
    assert os.stat(target).st_mode == os.stat(reference).st_mode

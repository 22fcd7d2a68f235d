import json
from pathlib import Path

from calligan.cli import main


def _zip(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_the_record_holds_the_source_as_given_and_its_digest(tmp_path: Path, monkeypatch):
    _zip(tmp_path / "shared" / "set.zip", b"PK zip bytes")
    monkeypatch.chdir(tmp_path)
    assert main(["source", "--set", "prepare.source=shared/set.zip"]) == 0
    record = json.loads((tmp_path / "data" / "source.json").read_text())
    assert record["source"] == "shared/set.zip" and record["files"] == 1 and record["bytes"] == 12
    assert len(record["sha256"]) == 64


def test_a_relative_source_is_found_from_dvc_root_not_the_working_copy(tmp_path: Path, monkeypatch):
    # `dvc exp run --queue` runs the stage in <repo>/.dvc/tmp/exps/<copy> with DVC_ROOT=<repo>.
    _zip(tmp_path / "shared" / "set.zip", b"PK zip bytes")
    copy = tmp_path / "repo" / ".dvc" / "tmp" / "exps" / "tmp123"
    copy.mkdir(parents=True)
    monkeypatch.chdir(copy)
    monkeypatch.setenv("DVC_ROOT", str(tmp_path / "repo"))
    assert main(["source", "--set", "prepare.source=../shared/set.zip"]) == 0
    assert json.loads((copy / "data" / "source.json").read_text())["bytes"] == 12


def test_a_missing_source_is_one_line_and_writes_nothing(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "params.yaml").write_text("prepare:\n  source: absent.zip\n")
    assert main(["source"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("calligan source: error: source absent.zip does not exist; "
                   "set prepare.source (or prepare's --source) to a dataset zip or folder")
    assert not (tmp_path / "data").exists()

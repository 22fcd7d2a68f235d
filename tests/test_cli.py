import subprocess
import sys

import pytest

from calligan.cli import COMMANDS, main


def test_help_lists_every_stage(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    code = main(["prepare", "--params", str(tmp_path / "params.yaml"), "--source", str(tmp_path / "missing.zip"),
                 "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("calligan prepare: error: ") and "missing.zip" in err[0]
    assert not (tmp_path / "out").exists()


def test_unknown_override_key_lists_valid_keys(capsys):
    assert main(["export", "--set", "export.size=128"]) == 2
    err = capsys.readouterr().err
    assert "params.export.size: unknown key; valid keys are:" in err and "image_size" in err


def test_console_script_runs_as_module(repo_root):
    done = subprocess.run([sys.executable, "-m", "calligan", "fid", "--help"], capture_output=True, text=True,
                          cwd=repo_root)
    assert done.returncode == 0 and "FID" in done.stdout

import dataclasses
import subprocess
import sys

import pytest
import yaml

import calligan
from calligan.cli import COMMANDS, main
from calligan.config import Params, load_params


def test_help_lists_every_stage(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_listing_the_commands_loads_no_torch(flag):
    """Every command module is imported to list it; torch (1 GB, seconds) loads only when a command runs."""
    code = (f"import sys\nfrom calligan.cli import main\ntry:\n    main([{flag!r}])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'torch')[:3])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_params_yaml_is_what_the_readmes_command_prints(repo_root, capsys):
    """`calligan params --yaml > params.yaml` writes the committed file."""
    assert main(["params", "--yaml"]) == 0
    assert capsys.readouterr().out == (repo_root / "params.yaml").read_text(encoding="utf-8")


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "params.yaml").write_text("", encoding="utf-8")
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


def test_version_is_the_package_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"calligan {calligan.__version__}"


def test_params_prints_every_group_resolved_and_reads_back(tmp_path, capsys):
    given = tmp_path / "params.yaml"
    given.write_text("train:\n  steps: 11\n  betas: [0.0, 0.9]\n", encoding="utf-8")
    assert main(["params", "--params", str(given), "--set", "generate.count=5"]) == 0
    printed = capsys.readouterr().out
    tree = yaml.safe_load(printed)
    assert list(tree) == [field.name for field in dataclasses.fields(Params)]
    assert tree["train"]["steps"] == 11 and tree["train"]["betas"] == [0.0, 0.9] and tree["generate"]["count"] == 5
    assert set(tree["prepare"]["dirt"]) == {field.name for field in dataclasses.fields(Params().prepare.dirt)}
    resolved = tmp_path / "resolved.yaml"
    resolved.write_text(printed, encoding="utf-8")
    assert load_params(resolved) == load_params(given, ["generate.count=5"])


def test_built_in_defaults_are_announced_on_stderr(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["params"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("calligan params: warning: no params.yaml here")
    (tmp_path / "params.yaml").write_text("train:\n  steps: 11\n", encoding="utf-8")
    assert main(["params"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("name", COMMANDS)
def test_every_subcommand_turns_progress_bars_off_with_one_flag(name, capsys):
    with pytest.raises(SystemExit):
        main([name, "--help"])
    out = capsys.readouterr().out
    assert "--no-progress" in out and "--quiet" not in out

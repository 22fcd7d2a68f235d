"""dvc.yaml's code deps are the code each stage runs (pipelines.code_deps): an edit to a module a stage's
command imports reruns that stage and no other; and a fresh clone carries the default run's dvc.lock
and metrics as the baseline to compare experiments with."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from calligan.config import load_params
from pipelines import code_deps
from pipelines.code_deps import FILES, rewritten, stage_code_deps
from pipelines.command import stage_environment

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_each_stages_code_deps_are_the_files_its_command_imports(path):
    text = path.read_text(encoding="utf-8")
    assert rewritten(text) == text, "run python -m pipelines.code_deps --write"


def test_the_readmes_command_finds_stale_deps_and_writes_them(tmp_path, monkeypatch, capsys):
    """`python -m pipelines.code_deps` exits 1 naming the file; `--write` mends it."""
    copy = tmp_path / "dvc.yaml"
    text = (REPO_ROOT / "dvc.yaml").read_text(encoding="utf-8")
    copy.write_text(text.replace("      - src/calligan/cli.py\n", "", 1), encoding="utf-8")
    monkeypatch.setattr(code_deps, "ROOT", tmp_path)
    monkeypatch.setattr(code_deps, "FILES", (copy,))
    assert code_deps.main([]) == 1 and "dvc.yaml" in capsys.readouterr().err
    assert code_deps.main(["--write"]) == 0 and copy.read_text(encoding="utf-8") == text
    assert code_deps.main([]) == 0


def test_an_import_anywhere_in_a_commands_code_is_followed(tmp_path):
    """Lazy imports too (a command's run() loads torch-heavy modules late), relative ones, package __init__s."""
    package = tmp_path / "src" / "calligan"
    (package / "commands").mkdir(parents=True)
    (package / "metrics").mkdir()
    for name in ("__init__.py", "cli.py", "commands/__init__.py", "metrics/__init__.py", "metrics/unused.py"):
        (package / name).write_text("")
    (package / "commands" / "fid.py").write_text("def run():\n    from ..metrics import kid\n")
    (package / "metrics" / "kid.py").write_text("import calligan.errors\n")
    (package / "errors.py").write_text("")
    assert stage_code_deps("calligan fid a b", groups=set(), src=tmp_path / "src") == [
        f"src/calligan/{name}" for name in ("__init__.py", "cli.py", "commands/__init__.py", "commands/fid.py",
                                             "errors.py", "metrics/__init__.py", "metrics/kid.py")]


def _changed_code(clone: Path, stages: list[str], env: dict) -> dict[str, set[str]]:
    """The code deps `dvc status` finds changed, per stage (data deps and outputs a clone lacks aside)."""
    done = subprocess.run(["dvc", "status", "--json", *stages], cwd=clone, check=True, capture_output=True, text=True, env=env)
    status = json.loads(done.stdout or "{}")
    return {stage: {dep for entry in status.get(stage, []) if isinstance(entry, dict)
                    for dep in entry.get("changed deps", {}) if dep.startswith("src/")} for stage in stages}


def test_an_edit_reruns_exactly_the_stages_that_import_the_edited_code(repo_root, tmp_path):
    """In a clone of this checkout: a comment in metrics/kid.py (evaluate's) leaves train up to date; one in
    train/steps.py marks train changed; a new generate default leaves prepare alone."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo_root), str(clone)], check=True, capture_output=True)
    env = stage_environment()
    stages = ["prepare", "train", "generate", "evaluate"]
    before = _changed_code(clone, stages, env)  # a lock older than the code, if any, is no edit of ours
    edits = {"src/calligan/metrics/kid.py": {"evaluate"}, "src/calligan/train/steps.py": {"train"},
             "src/calligan/config/generate.py": {"generate"}}
    for edited, rerun in edits.items():
        with open(clone / edited, "a", encoding="utf-8") as file:
            file.write("# an edit\n")
        changed = _changed_code(clone, stages, env)
        rerunning = {stage for stage in stages  # a dependency on the file, or on a folder that holds it
                     if any(edited == dep or edited.startswith(dep + "/") for dep in changed[stage] - before[stage])}
        assert rerunning == rerun, edited
        subprocess.run(["git", "checkout", "-q", "--", edited], cwd=clone, check=True)


def test_a_fresh_clone_has_the_default_runs_baseline(repo_root):
    """`dvc metrics diff` and `dvc exp show` compare against the committed default run: dvc.lock holds
    every stage of dvc.yaml, and every metrics file dvc.yaml declares is in git with the numbers."""
    pipeline = yaml.safe_load((repo_root / "dvc.yaml").read_text(encoding="utf-8"))
    lock = yaml.safe_load((repo_root / "dvc.lock").read_text(encoding="utf-8"))
    assert set(lock["stages"]) == set(pipeline["stages"])
    config = load_params(repo_root / "params.yaml")
    tracked = set(subprocess.run(["git", "ls-files"], cwd=repo_root, capture_output=True, text=True,
                                 check=True).stdout.splitlines())
    # top-level, in the order `dvc exp show` lists them; no stage declares one of its own
    declared = pipeline["metrics"]
    assert declared and not [name for name, spec in pipeline["stages"].items() if "metrics" in spec]
    for template in declared:
        path = re.sub(r"\$\{(\w+)\.(\w+)\}", lambda m: str(getattr(getattr(config, m[1]), m[2])), template)
        assert path in tracked, f"{path}: a metrics file of the default run is not in git"
        assert json.loads((repo_root / path).read_text(encoding="utf-8")), path


def test_plots_of_the_training_log_name_only_its_columns():
    """dvc.yaml is static YAML: a plot of a statistic no family logs any more would stay silently empty."""
    from calligan.train.outputs import COLUMNS

    plotted = [
        column
        for entry in yaml.safe_load((REPO_ROOT / "dvc.yaml").read_text(encoding="utf-8"))["plots"]
        if isinstance(entry, dict)
        for plot in entry.values()
        for source, columns in plot["y"].items() if source.endswith("/log.csv")
        for column in [plot["x"], *columns]
    ]
    assert plotted, "dvc.yaml plots no column of log.csv"
    assert not set(plotted) - set(COLUMNS), f"dvc.yaml plots columns log.csv lacks: {sorted(set(plotted) - set(COLUMNS))}"


def test_bytecode_in_a_code_dependency_changes_no_stage(repo_root, tmp_path):
    """Python writes __pycache__ wherever the code is imported; were it part of a directory dependency's
    hash, a checkout that ran calligan once would see every stage as changed, and two checkouts would never
    share a run-cache entry. The project's .dvcignore leaves it out."""
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "stage.py").write_text("print('stage')\n")
    (tmp_path / "dvc.yaml").write_text("stages:\n  run:\n    cmd: python code/stage.py > out.txt\n    deps: [code]\n"
                                       "    outs: [out.txt]\n")
    (tmp_path / ".dvcignore").write_text((repo_root / ".dvcignore").read_text(encoding="utf-8"))
    env = stage_environment()  # this environment's dvc and python first on PATH
    for args in (["git", "init", "-q"], ["dvc", "init", "-q"], ["dvc", "repro", "-q"]):
        subprocess.run(args, cwd=tmp_path, check=True, capture_output=True, env=env)
    (tmp_path / "code" / "__pycache__").mkdir()
    (tmp_path / "code" / "__pycache__" / "stage.cpython-311.pyc").write_bytes(b"\x00bytecode")
    status = subprocess.run(["dvc", "status", "--json"], cwd=tmp_path, check=True, capture_output=True, text=True, env=env)
    assert json.loads(status.stdout) == {}

"""dvc.yaml's code deps cover everything a stage runs: a change to any module a stage command
imports (config defaults included) makes `dvc repro` rerun that stage; and a fresh clone carries the
default run's dvc.lock and metrics as the baseline to compare experiments with."""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from calligan.config import load_params
from pipelines.command import stage_environment

PACKAGE = "calligan"
# `calligan <stage>` runs calligan.cli, which imports the stage's command module.
ENTRY = "calligan.cli"


def _module_file(src: Path, name: str) -> Path | None:
    base = src.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(tree: ast.AST, *, package: str) -> set[str]:
    """Every module an `import` anywhere in the file may load (lazy imports in functions too)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def import_closure(src: Path, start: set[str]) -> set[Path]:
    """Files of the calligan modules that importing `start` can execute, package __init__s included."""
    todo, seen, files = list(start), set(), set()
    while todo:
        name = todo.pop()
        if name in seen or not (name == PACKAGE or name.startswith(PACKAGE + ".")):
            continue
        seen.add(name)
        path = _module_file(src, name)
        if path is None:
            continue
        files.add(path)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        package = name if path.name == "__init__.py" else ".".join(parts[:-1])
        todo += _imported(ast.parse(path.read_text(encoding="utf-8")), package=package)
    return files


REPO_ROOT = Path(__file__).resolve().parents[1]
STAGES = yaml.safe_load((REPO_ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
# The augmentation study's pipeline: its stages run at the root (wdir ../..), so its deps are root paths too.
STUDY_STAGES = yaml.safe_load((REPO_ROOT / "studies/augmentation/dvc.yaml").read_text(encoding="utf-8"))["stages"]


def _assert_code_deps_cover_the_import_closure(repo_root: Path, stage: str, spec: dict) -> None:
    program, command, *rest = spec["cmd"].split()
    assert program == "calligan", f"stage {stage!r}: expected a `calligan <command>` cmd, got {spec['cmd']!r}"
    start = {ENTRY, f"{PACKAGE}.commands.{command}"}
    if command == "study":
        # `calligan study <action>` imports the action's library module by name: calligan.study.<action>
        start.add(f"{PACKAGE}.study.{rest[0]}")
    closure = import_closure(repo_root / "src", start)
    assert repo_root / "src/calligan/commands" / f"{command}.py" in closure
    deps = [repo_root / dep for dep in spec["deps"] if not str(dep).startswith("$")]
    missing = sorted(
        str(path.relative_to(repo_root)) for path in closure
        if not any(path == dep or dep in path.parents for dep in deps)
    )
    assert not missing, f"stage {stage!r} misses code it imports: {missing}"


@pytest.mark.parametrize("stage", list(STAGES))
def test_code_deps_cover_the_stage_commands_import_closure(repo_root, stage):
    _assert_code_deps_cover_the_import_closure(repo_root, stage, STAGES[stage])


@pytest.mark.parametrize("stage", list(STUDY_STAGES))
def test_the_study_code_deps_cover_its_commands_import_closure(repo_root, stage):
    _assert_code_deps_cover_the_import_closure(repo_root, stage, STUDY_STAGES[stage])


def test_a_fresh_clone_has_the_default_runs_baseline(repo_root):
    """`dvc metrics diff` and `dvc exp show` compare against the committed default run: dvc.lock holds
    every stage of dvc.yaml, and every metrics file a stage declares is in git with the numbers."""
    pipeline = yaml.safe_load((repo_root / "dvc.yaml").read_text(encoding="utf-8"))
    lock = yaml.safe_load((repo_root / "dvc.lock").read_text(encoding="utf-8"))
    assert set(lock["stages"]) == set(pipeline["stages"])
    config = load_params(repo_root / "params.yaml")
    tracked = set(subprocess.run(["git", "ls-files"], cwd=repo_root, capture_output=True, text=True,
                                 check=True).stdout.splitlines())
    declared = [
        next(iter(entry)) if isinstance(entry, dict) else entry
        for spec in pipeline["stages"].values() for entry in spec.get("metrics", [])
    ]
    assert declared
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

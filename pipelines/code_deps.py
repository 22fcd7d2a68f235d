"""The code dependencies of every DVC stage: the files of src/calligan that the stage's command imports.

A stage's cmd is `calligan <command> ...`: calligan.cli, then the command's module, then everything
those import (lazy imports inside functions too, since the command runs them), each package's
__init__ included. Listing those files and no others makes `dvc repro` rerun exactly the stages whose
code an edit touches: a comment in metrics/kid.py no longer retrains the GAN.

    python -m pipelines.code_deps           # exit 1 and name the stages whose listed deps differ
    python -m pipelines.code_deps --write   # rewrite the src/calligan lines of dvc.yaml and the study's

Only the `- src/calligan/...` lines of a stage's deps are rewritten, in place; comments, data deps and
the order of everything else stay as written.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = "calligan"
GROUP_REGISTRY = "calligan.config.params"  # the Params dataclass: one field, and one config module, per group
ENTRY = "calligan.cli"  # `calligan <command>` runs calligan.cli, which imports the command's module by name
FILES = (ROOT / "dvc.yaml", ROOT / "studies/augmentation/dvc.yaml")  # both run at the root: root-relative paths
_DEP = re.compile(r"^(\s+)- src/calligan/\S+\s*$")


def import_closure(start: set[str], *, src: Path = SRC) -> set[Path]:
    """Files of the calligan modules that importing `start` can execute, package __init__s included."""
    todo, seen, files = list(start), set(), set()
    while todo:
        name = todo.pop()
        if name in seen or not (name == PACKAGE or name.startswith(PACKAGE + ".")):
            continue
        seen.add(name)
        path = _module_file(src, name)
        if path is None:  # a name imported from a module, not a module
            continue
        files.add(path)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        todo += _imports_of(path, src)
    return files


def stage_code_deps(cmd: str, *, groups: set[str], src: Path = SRC) -> list[str]:
    """The sorted repository-relative files a stage whose command line is `cmd` imports, less the config
    modules of the params groups it does not read.

    groups: the params.yaml groups the stage reads (its `params:`). Every command loads the whole
    params.yaml, so config.params imports every group's dataclass; but another group's values reach
    the stage only through params.yaml, which DVC tracks key by key, and its module's defaults are
    params.yaml's (tests/config keeps the two equal). So a new generate default does not rerun prepare.
    """
    program, command, *rest = cmd.split()
    if program != "calligan":
        raise ValueError(f"expected a `calligan <command>` cmd, got {cmd!r}")
    start = {ENTRY, f"{PACKAGE}.commands.{command}"}
    if command == "study":  # `calligan study <action>` imports the action's library module by name
        start.add(f"{PACKAGE}.study.{rest[0]}")
    closure = import_closure(start, src=src)
    registry = _module_file(src, GROUP_REGISTRY)  # imports the module of every group
    others = set() if registry not in closure else \
        {path for path in _imported_files(registry, src) if path.parent == registry.parent and path.stem not in groups}
    needed = set().union(*(_imported_files(path, src) for path in closure - others - {registry}))  # by other code
    return sorted(str(path.relative_to(src.parent)) for path in closure - (others - needed))


def rewritten(text: str, *, src: Path = SRC) -> str:
    """`text` of a dvc.yaml with each stage's `- src/calligan/...` deps replaced by its import closure."""
    stages = yaml.safe_load(text)["stages"]
    lines, out, stage = text.splitlines(keepends=True), [], None
    written: set[str] = set()
    for line in lines:
        header = re.match(r"^  ([A-Za-z_][\w-]*):\s*$", line)
        if header:
            stage = header.group(1)
        dep = _DEP.match(line)
        if not dep:
            out.append(line)
            continue
        if stage not in written:  # the closure goes where the stage's first code dep was
            written.add(stage)
            deps = stage_code_deps(_command(stages[stage]), groups=_groups(stages[stage]), src=src)
            out += [f"{dep.group(1)}- {path}\n" for path in deps]
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the files instead of checking them")
    args = parser.parse_args(argv)
    stale = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        new = rewritten(text)
        if new != text:
            stale.append(str(path.relative_to(ROOT)))
            if args.write:
                path.write_text(new, encoding="utf-8")
    if stale and not args.write:
        print(f"code deps differ from the imports in {', '.join(stale)}; run python -m pipelines.code_deps --write",
              file=sys.stderr)
        return 1
    return 0


def _command(stage: dict) -> str:
    return " ".join(stage["cmd"].split())


def _imported_files(path: Path, src: Path) -> set[Path]:
    """Files of the calligan modules the file at `path` imports (directly)."""
    return {found for name in _imports_of(path, src) if name.startswith(PACKAGE) and (found := _module_file(src, name))}


def _imports_of(path: Path, src: Path) -> set[str]:
    """The module names the file at `path`, under `src`, imports; relative ones resolved from its package."""
    module = ".".join(path.relative_to(src).with_suffix("").parts)
    package = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rpartition(".")[0]
    return _imported(ast.parse(path.read_text(encoding="utf-8")), package=package)


def _groups(stage: dict) -> set[str]:
    """The params.yaml groups a stage reads: the first part of each key in its `params:`."""
    keys: list[str] = []
    for entry in stage.get("params", []):
        keys += [entry] if isinstance(entry, str) else [key for values in entry.values() for key in values]
    return {key.split(".")[0] for key in keys}


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


if __name__ == "__main__":
    sys.exit(main())

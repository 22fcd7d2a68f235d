"""What the flow knows about a DVC project: its stage names and declared outputs, read from `dvc.yaml`
by DVC itself, `${...}` templating and all.

`dvc.yaml` is the single truth for the graph, so nothing here lists stages; the order of the file is
the order of the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from dvc.dvcfile import load_file
from dvc.repo import Repo
from dvc.stage import Stage


def read_yaml(path: Path) -> dict:
    """A YAML mapping, or an empty one when the file is absent or empty."""
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _stages(repo: Path) -> dict[str, Stage]:
    """dvc.yaml's stages in file order, resolved by DVC against params.yaml (git and `dvc init` not needed)."""
    dvc_yaml = repo / "dvc.yaml"
    if not dvc_yaml.exists():
        raise FileNotFoundError(f"{dvc_yaml} not found: pass the root of a DVC project")
    with Repo(str(repo), uninitialized=True) as project:
        return dict(load_file(project, str(dvc_yaml)).stages.items())


def stage_names(*, repo: Path) -> list[str]:  # repo: root of the DVC project (holds dvc.yaml)
    """Stage names in file order."""
    return list(_stages(repo))


def select_stages(*, repo: Path, wanted: Iterable[str] | None) -> list[str]:  # wanted: None = all
    """`wanted` in pipeline order; an unknown name is an error that lists the valid ones."""
    names = stage_names(repo=repo)
    if wanted is None:
        return names
    wanted = list(wanted)
    unknown = [name for name in wanted if name not in names]
    if unknown:
        raise ValueError(f"unknown stage {unknown[0]!r}; dvc.yaml has: {', '.join(names)}")
    return [name for name in names if name in wanted]


def flatten(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(`a.b`, value) for every leaf of a nested mapping."""
    for key, value in tree.items():
        if isinstance(value, Mapping):
            yield from flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def param(tree: dict, dotted: str) -> Any:
    """`tree["a"]["b"]` for "a.b", or None where any part is missing."""
    node: Any = tree
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def declared_outputs(*, repo: Path, stages: Iterable[str]) -> list[str]:
    """The outs, metrics and plots paths that `stages` declare, as DVC resolves them, in dvc.yaml's order."""
    declared = _stages(repo)
    return list(dict.fromkeys(out.def_path for name in stages for out in declared[name].outs))

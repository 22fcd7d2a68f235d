"""What the flow knows about a DVC project: its stage names and declared outputs, read from `dvc.yaml`.

`dvc.yaml` is the single truth for the graph, so nothing here lists stages; the order of the file is
the order of the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

# DVC's templating: `${group.key}` is replaced by that value of params.yaml.
_TEMPLATE = re.compile(r"\$\{\s*([\w.\-]+)\s*\}")


def read_yaml(path: Path) -> dict:
    """A YAML mapping, or an empty one when the file is absent or empty."""
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def stage_names(*, repo: Path) -> list[str]:  # repo: root of the DVC project (holds dvc.yaml)
    """Stage names in file order."""
    dvc_yaml = repo / "dvc.yaml"
    if not dvc_yaml.exists():
        raise FileNotFoundError(f"{dvc_yaml} not found: pass the root of a DVC project")
    return list((read_yaml(dvc_yaml).get("stages") or {}).keys())


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


def _entry_paths(entries: Any) -> Iterable[str]:
    # An output is either a plain path or a one-key mapping {path: {cache: false, ...}}.
    for entry in entries or []:
        yield from (entry if isinstance(entry, dict) else [entry])


def declared_outputs(*, repo: Path, stages: Iterable[str]) -> list[str]:
    """The outs, metrics and plots paths that `stages` declare, `${...}` resolved from params.yaml."""
    params = read_yaml(repo / "params.yaml")
    spec = read_yaml(repo / "dvc.yaml").get("stages") or {}
    found: list[str] = []
    for name in stages:
        stage = spec.get(name) or {}
        for kind in ("outs", "metrics", "plots"):
            for raw in _entry_paths(stage.get(kind)):
                path = _TEMPLATE.sub(lambda m: str(param(params, m.group(1))), str(raw))
                if path not in found:
                    found.append(path)
    return found

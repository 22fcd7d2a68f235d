"""The DVC command lines of a flow run, the environment they run in, and how overrides get there.

Why `dvc repro <stage>` and not `dvc repro -s <stage>`: `-s` runs the stage even when its upstream
is stale, so a run started at `train` could train on an out-of-date dataset. With upstream included
DVC checks the earlier stages by hash and skips the ones that are current (the earlier tasks of the
same flow run have just made them so), which costs a hash check and never a wrong result.

How parameter overrides reach the stages (`{"train.steps": 500}`), and why this way:
- `--set` straight to the calligan CLIs would bypass DVC: `dvc.lock` would record the params.yaml
  values while the outputs were made with others, and the cache would lie afterwards.
- `dvc exp run -S ... <stage>` per stage task records one auto-named experiment per stage, so one
  flow run would be several half-experiments.
- So a flow run applies the overrides to params.yaml once, with the same code and grammar as DVC's
  own `-S` (`apply_overrides`), runs every stage with `dvc repro <stage>`, and then saves the
  workspace as one experiment named after the flow run (`dvc exp save -n <name>`): params.yaml,
  dvc.lock and the outputs on disk agree, and `dvc exp show` lists the run beside the committed
  baseline. The committed params.yaml stays in Git: `git checkout params.yaml && dvc checkout` (or
  `dvc exp apply <name>` of another experiment) returns to it.
"""

from __future__ import annotations

import json
import os
import re
import sysconfig
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# `group.key` or deeper; DVC's -S also accepts `file.yaml:key`, which the flow does not expose.
_KEY = re.compile(r"^[A-Za-z_][\w\-]*(\.[A-Za-z_][\w\-]*)+$")


def override_patterns(overrides: Mapping[str, Any]) -> list[str]:
    """`key=value` patterns of DVC's `-S` grammar; values as JSON, which it reads back unchanged."""
    patterns = []
    for key, value in overrides.items():
        if not _KEY.match(key):
            raise ValueError(f"override {key!r}: expected group.key, e.g. train.steps")
        patterns.append(f"{key}={json.dumps(value)}")
    return patterns


def set_param_args(overrides: Mapping[str, Any]) -> list[str]:
    """`-S key=value` pairs for `dvc exp run`."""
    return [arg for pattern in override_patterns(overrides) for arg in ("-S", pattern)]


def apply_overrides(*, repo: Path, overrides: Mapping[str, Any]) -> None:
    """Write `overrides` into repo/params.yaml as `dvc exp run -S` would (comments kept). A key that
    params.yaml does not have is refused, as DVC refuses it."""
    from dvc.exceptions import InvalidArgumentError
    from dvc.utils.hydra import apply_overrides as dvc_apply_overrides

    patterns = override_patterns(overrides)
    try:
        dvc_apply_overrides(repo / "params.yaml", patterns)
    except InvalidArgumentError as exc:
        reason = str(exc.__cause__ or exc).splitlines()[0]
        raise ValueError(f"overrides {', '.join(patterns)}: {reason} (params.yaml has no such key)") from None


def stage_command(*, stage: str) -> list[str]:
    """`dvc repro <stage>`: the stage and whatever of its upstream is stale (see module doc)."""
    return ["dvc", "repro", stage]


def save_command(*, name: str) -> list[str]:
    """`dvc exp save -n <name>`: the workspace after the flow run's stages, as one experiment."""
    return ["dvc", "exp", "save", "-n", name]


def stage_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:  # base: default os.environ
    """The environment a stage runs in: this interpreter's bin first on PATH, no DVC analytics."""
    env = dict(os.environ if base is None else base)
    scripts = sysconfig.get_path("scripts")
    env["PATH"] = os.pathsep.join([scripts, env.get("PATH", "")]) if env.get("PATH") else scripts
    env["DVC_NO_ANALYTICS"] = "1"
    # Progress bars redraw ~10 times a second; piped into the Prefect log that is a flood of lines.
    env.setdefault("TQDM_MININTERVAL", "10")
    env["PYTHONUNBUFFERED"] = "1"
    return env

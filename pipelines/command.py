"""The DVC command line for one stage, and the environment it runs in.

Why `dvc repro <stage>` and not `dvc repro -s <stage>`: `-s` runs the stage even when its upstream
is stale, so a run started at `train` could train on an out-of-date dataset. With upstream included
DVC checks the earlier stages by hash and skips the ones that are current (the earlier tasks of the
same flow run have just made them so), which costs a hash check and never a wrong result.

How parameter overrides reach the stages (`{"train.steps": 500}`), and why this way:
- `--set` straight to the calligan CLIs would bypass DVC: `dvc.lock` would record the params.yaml
  values while the outputs were made with others, and the cache would lie afterwards.
- `dvc exp run --temp` leaves the workspace alone but runs in `.dvc/tmp/exps/standalone/tmpXXXX`:
  relative inputs such as `../shared/data/...` resolve to nothing there, and the report, the submission
  and the training log that the flow links and watches are not on disk until `dvc exp apply`.
- So a run with overrides is `dvc exp run -S group.key=value ... <stage>` in the workspace: DVC's own
  experiment mechanism (the one params.yaml's header points users to). DVC writes the values into
  params.yaml, reproduces, and records the result as an experiment, so params.yaml, dvc.lock and the
  outputs on disk agree and `dvc exp show` lists the run beside the committed baseline. The committed
  params.yaml stays in Git: `git checkout params.yaml && dvc checkout` (or `dvc exp apply <name>` of
  another experiment) returns to it. Each stage task records one experiment, a checkpoint of the whole
  workspace after that stage. A run without overrides is a plain `dvc repro <stage>`.
"""

from __future__ import annotations

import json
import os
import re
import sysconfig
from collections.abc import Mapping
from typing import Any

# `group.key` or deeper; DVC's -S also accepts `file.yaml:key`, which the flow does not expose.
_KEY = re.compile(r"^[A-Za-z_][\w\-]*(\.[A-Za-z_][\w\-]*)+$")


def set_param_args(overrides: Mapping[str, Any]) -> list[str]:
    """`-S key=value` pairs; values as JSON, which DVC's override grammar reads back unchanged."""
    args: list[str] = []
    for key, value in overrides.items():
        if not _KEY.match(key):
            raise ValueError(f"override {key!r}: expected group.key, e.g. train.steps")
        args += ["-S", f"{key}={json.dumps(value)}"]
    return args


def stage_command(*, stage: str, overrides: Mapping[str, Any]) -> list[str]:  # overrides: group.key -> value
    """`dvc repro <stage>`, or `dvc exp run -S ... <stage>` when there are overrides (see module doc)."""
    if overrides:
        return ["dvc", "exp", "run", *set_param_args(overrides), stage]
    return ["dvc", "repro", stage]


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

"""A preset file (such as params-gpu.yaml): params.yaml's keys that a run changes, as overrides.

`python -m pipelines.preset FILE` prints them as `-S group.key=value` arguments separated by NUL
bytes, for `xargs -0 dvc exp run ...`; `python -m pipelines.run --preset FILE` runs them as one flow.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from calligan.config import load_params
from calligan.errors import CalliganError
from pipelines.command import override_patterns, set_param_args
from pipelines.project import flatten, read_yaml


def read_preset(path: Path, *, params: Path) -> dict[str, Any]:  # params: the params.yaml it applies to
    """{group.key: value} of the preset; a key or value calligan would refuse raises CalliganError."""
    if not path.is_file():
        raise CalliganError(f"{path}: preset file not found")
    overrides = dict(flatten(read_yaml(path)))
    load_params(params, override_patterns(overrides))
    return overrides


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m pipelines.preset FILE   (e.g. params-gpu.yaml)", file=sys.stderr)
        return 2
    try:
        overrides = read_preset(Path(args[0]), params=Path("params.yaml"))
    except CalliganError as exc:
        print(f"pipelines.preset: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write("\0".join(set_param_args(overrides)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

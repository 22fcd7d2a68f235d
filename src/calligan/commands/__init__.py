"""Stage commands: each module exposes NAME, HELP, add_arguments(parser) and run(config, args), where
`config` is the whole `Params` (each of its groups is a `params`), and READS_PARAMS = False when it
ignores the parameters (no warning then about a missing params.yaml)."""

from __future__ import annotations

import argparse
import dataclasses
import os
from pathlib import Path
from typing import TypeVar

Group = TypeVar("Group")


def with_flags(params: Group, args: argparse.Namespace, names: tuple[str, ...]) -> Group:
    """`params` (one group of the config) with the command-line flags among `names` that were given;
    a flag left out (None) keeps the params.yaml value."""
    return dataclasses.replace(params, **{name: value for name in names if (value := getattr(args, name)) is not None})


def project_root() -> Path:
    """The folder a relative path outside the project (prepare.source) is relative to.

    DVC runs a stage with DVC_ROOT set to its repository; for a queued or --temp experiment that is
    the original checkout, not the copy under .dvc/tmp/exps the command runs in, where a relative
    `../shared/...` does not exist. Outside DVC it is the working directory.
    """
    return Path(os.environ.get("DVC_ROOT") or ".")

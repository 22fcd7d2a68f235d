"""Stage commands: each module exposes NAME, HELP, add_arguments(parser) and run(params, args), and
READS_PARAMS = False when it ignores the parameters (no warning then about a missing params.yaml)."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TypeVar

Settings = TypeVar("Settings")


def with_flags(settings: Settings, args: argparse.Namespace, names: tuple[str, ...]) -> Settings:
    """`settings` (one params group) with the command-line flags among `names` that were given;
    a flag left out (None) keeps the params.yaml value."""
    return dataclasses.replace(settings, **{name: value for name in names if (value := getattr(args, name)) is not None})

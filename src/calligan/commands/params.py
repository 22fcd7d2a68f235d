"""`calligan params`: the parameters every stage would run with (params.yaml, defaults, --set), as YAML."""

from __future__ import annotations

import argparse
import dataclasses
import json

import yaml

from calligan.config import Params

NAME = "params"
HELP = "print the resolved parameters of every group (params.yaml + built-in defaults + --set) as YAML"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options of its own: --params and --set say what to resolve."""


def run(config: Params, args: argparse.Namespace) -> int:
    # Through JSON, tuples become lists: plain YAML that `--params` reads back to the same values.
    tree = json.loads(json.dumps(dataclasses.asdict(config)))
    print(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True), end="")
    return 0

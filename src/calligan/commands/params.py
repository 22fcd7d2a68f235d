"""`calligan params`: the parameters every stage would run with (params.yaml, defaults, --set), as YAML;
with --yaml, params.yaml itself as the dataclasses document it."""

from __future__ import annotations

import argparse
import dataclasses
import json

import yaml

from calligan.config import Params
from calligan.config.document import params_yaml

NAME = "params"
HELP = "print the resolved parameters of every group (params.yaml + built-in defaults + --set) as YAML"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--params and --set say what to resolve."""
    parser.add_argument("--yaml", action="store_true",
                        help="print params.yaml at the built-in defaults, each key with its field's comments "
                             "(> params.yaml after changing a dataclass)")


def run(config: Params, args: argparse.Namespace) -> int:
    if args.yaml:
        print(params_yaml(), end="")
        return 0
    # Through JSON, tuples become lists: plain YAML that `--params` reads back to the same values.
    tree = json.loads(json.dumps(dataclasses.asdict(config)))
    print(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True), end="")
    return 0

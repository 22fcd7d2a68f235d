"""The `calligan` command: one subcommand per stage, all sharing --params and --set."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from calligan.config import load_params
from calligan.errors import CalliganError

# Order is the order of the pipeline; each name is a module in calligan.commands.
COMMANDS = ("source", "prepare", "classifier", "train", "generate", "evaluate", "export", "report", "fid")


def _parser(names: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="calligan", description="Not enough data? Let a GAN make more.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in names:
        module = importlib.import_module(f"calligan.commands.{name}")
        cmd = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        cmd.add_argument("--params", default="params.yaml", help="parameters file (default: params.yaml)")
        cmd.add_argument(
            "--set",
            dest="overrides",
            action="append",
            default=[],
            metavar="GROUP.KEY=VALUE",
            help="override one parameter, e.g. --set prepare.image_size=128 (repeatable)",
        )
        module.add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Importing a stage pulls in torch and friends: load only the one asked for (all for --help).
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    args = _parser((chosen,) if chosen in COMMANDS else COMMANDS).parse_args(argv)
    try:
        params = load_params(args.params, args.overrides)
        return int(args._module.run(params, args) or 0)
    except CalliganError as exc:
        print(f"calligan {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"calligan {args.command}: interrupted; earlier outputs are left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

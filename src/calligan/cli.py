"""The `calligan` command: one subcommand per stage, all sharing --params, --set and --no-progress."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from calligan import __version__
from calligan.config import load_params
from calligan.errors import CalliganError

# Order is the order of the stages, then the tools; each name is a module in calligan.commands.
COMMANDS = ("source", "prepare", "classifier", "train", "generate", "evaluate", "export", "report", "study", "fid", "params")
DEFAULT_PARAMS = "params.yaml"


def build_parser(names: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="calligan", description="Not enough data? Let a GAN make more.")
    parser.add_argument("--version", action="version", version=f"calligan {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in names:
        module = importlib.import_module(f"calligan.commands.{name}")
        cmd = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        cmd.add_argument("--params", default=DEFAULT_PARAMS, help=f"parameters file (default: {DEFAULT_PARAMS})")
        cmd.add_argument(
            "--set",
            dest="overrides",
            action="append",
            default=[],
            metavar="GROUP.KEY=VALUE",
            help="override one parameter, e.g. --set prepare.image_size=128 (repeatable)",
        )
        cmd.add_argument("--no-progress", action="store_true", help="no progress bars (logs, CI)")
        module.add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Importing a stage pulls in torch and friends: load only the one asked for (all for --help).
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    args = build_parser((chosen,) if chosen in COMMANDS else COMMANDS).parse_args(argv)
    try:
        config = load_params(args.params, args.overrides)
        if getattr(args._module, "READS_PARAMS", True) and not Path(args.params).exists():
            print(f"calligan {args.command}: warning: no {args.params} here ({Path.cwd()}); built-in defaults "
                  "are used (pass --params FILE)", file=sys.stderr)
        return int(args._module.run(config, args) or 0)
    except CalliganError as exc:
        print(f"calligan {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"calligan {args.command}: interrupted; earlier outputs are left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

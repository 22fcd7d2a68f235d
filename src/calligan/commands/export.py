"""`calligan export`: the competition submission archive, validated, with its checksum."""

from __future__ import annotations

import argparse

from calligan.commands import with_flags
from calligan.config import Params

NAME = "export"
HELP = ("write submission/submission.zip (black-on-white PNGs + manifest.csv) from the generated images, "
        "validate it, and put submission.zip.sha256 beside it")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", help="generated images .npz (overrides export.source)")
    parser.add_argument("--out", help="submission zip to write (overrides export.out)")


def run(config: Params, args: argparse.Namespace) -> int:
    from calligan.export import stage

    params = with_flags(config.export, args, ("source", "out"))
    result = stage.run(params, progress=not args.no_progress)
    print(f"calligan export: {result.check.count} PNG files of {result.check.size}x{result.check.size} in "
          f"{result.archive} (validated), sha256 {result.sha256[:16]}... in {result.checksum}")
    return 0

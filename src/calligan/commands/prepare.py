"""`calligan prepare`: a raw dataset (zip, folder, MNIST IDX) to a cleaned, packed training set."""

from __future__ import annotations

import argparse
import json
import sys

from calligan.commands import project_root, with_flags
from calligan.config import Params

NAME = "prepare"
HELP = "decode, clean, filter dirty samples and pack a dataset into dataset.npz + manifest.csv"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", help="dataset zip, folder, or folder of MNIST IDX files (default: prepare.source)")
    parser.add_argument("--out", help="output folder (default: prepare.out)")


def run(config: Params, args: argparse.Namespace) -> int:
    from calligan.prepare import stage  # OpenCV, PIL and pandas load only when this stage runs

    params = with_flags(config.prepare, args, ("source", "out"))
    summary = stage.run(params, progress=not args.no_progress, base_dir=project_root())
    print(json.dumps({key: summary[key] for key in ("inputs", "status", "reason")}, ensure_ascii=False), file=sys.stderr)
    return 0

"""`calligan prepare`: a raw dataset (zip, folder, MNIST IDX) to a cleaned, packed training set."""

from __future__ import annotations

import argparse
import json
import sys

from calligan.commands import project_root, with_flags
from calligan.config import Params
from calligan.data.pipeline import prepare_dataset

NAME = "prepare"
HELP = "decode, clean, filter dirty samples and pack a dataset into dataset.npz + manifest.csv"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", help="dataset zip, folder, or folder of MNIST IDX files (default: prepare.source)")
    parser.add_argument("--out", help="output folder (default: prepare.out)")


def run(params: Params, args: argparse.Namespace) -> int:
    settings = with_flags(params.prepare, args, ("source", "out"))
    summary = prepare_dataset(settings, progress=not args.no_progress, base_dir=project_root())
    print(json.dumps({key: summary[key] for key in ("inputs", "status", "reason")}, ensure_ascii=False), file=sys.stderr)
    return 0

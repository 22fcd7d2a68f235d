"""`calligan train`: learn the prepared dataset with one GAN family; resumable, EMA, multi-GPU."""

from __future__ import annotations

import argparse
import dataclasses

from calligan.commands import with_flags
from calligan.config import Params

NAME = "train"
HELP = ("train a GAN on the prepared dataset; writes models/generator.pt, models/checkpoint.pt and "
        "reports/train/ (log.csv, grids, progress.gif, losses.png); reruns resume the same run")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fresh", action="store_true",
                        help="ignore an existing checkpoint and start over (same as --set train.resume=false)")
    parser.add_argument("--data", help="prepared dataset .npz (overrides train.data)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar (logs, CI)")


def run(params: Params, args: argparse.Namespace) -> int:
    from calligan.train.distributed import is_main_process
    from calligan.train.loop import train  # torch is imported only when this stage runs

    settings = with_flags(params.train, args, ("data",))
    if args.fresh:
        settings = dataclasses.replace(settings, resume=False)
    step = train(settings, progress=not args.no_progress)
    if is_main_process():
        print(f"calligan train: step {step}; generator in {settings.models_dir}/generator.pt, "
              f"reports in {settings.reports_dir}/")
    return 0

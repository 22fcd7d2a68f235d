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


def run(config: Params, args: argparse.Namespace) -> int:
    from calligan.device import describe_device
    from calligan.train import stage  # torch is imported only when this stage runs
    from calligan.train.runtime import is_main_process, resolve_runtime

    params = with_flags(config.train, args, ("data",))
    if args.fresh:
        params = dataclasses.replace(params, resume=False)
    # Before any data is read: `train.device=cuda` on a machine without CUDA stops here, in one line.
    runtime = resolve_runtime(device=params.device, amp=params.amp, channels_last=params.channels_last)
    if is_main_process():
        precision = "float32" if runtime.amp_dtype is None else f"{str(runtime.amp_dtype).removeprefix('torch.')} autocast"
        layout = ", channels_last" if runtime.channels_last else ""
        print(f"calligan train: {describe_device(runtime.device, precision=precision + layout)}", flush=True)
    step = stage.run(params, progress=not args.no_progress)
    if is_main_process():
        print(f"calligan train: step {step}; generator in {params.models_dir}/generator.pt, "
              f"reports in {params.reports_dir}/")
    return 0

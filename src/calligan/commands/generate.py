"""`calligan generate`: draw the submission's images from the trained generator."""

from __future__ import annotations

import argparse

from calligan.commands import with_flags
from calligan.config import Params
from calligan.errors import CalliganError

NAME = "generate"
HELP = ("draw generate.count images from models/generator_best.pt (upscaled to generate.export_size when the "
        "model is smaller); writes data/generated/images.npz and raw.npz")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, help="images to draw (overrides generate.count)")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), help="overrides generate.device")
    parser.add_argument("--out", help="output folder (overrides generate.out)")


def run(config: Params, args: argparse.Namespace) -> int:
    from calligan.device import describe_device, resolve_device
    from calligan.generate import stage  # torch is imported only when this stage runs

    try:
        params = with_flags(config.generate, args, ("count", "device", "out"))
    except ValueError as exc:
        raise CalliganError(str(exc)) from None
    device = resolve_device(params.device, setting="generate.device")
    print(f"calligan generate: {describe_device(device, precision='float32')}", flush=True)
    result = stage.run(params, progress=not args.no_progress)
    if result.drawn != result.count:
        print(f"calligan generate: kept the {result.count} of {result.drawn} images the {params.select} "
              "ranked best")
    print(f"calligan generate: {result.count} images, {result.generator_size} px drawn, "
          f"{result.export_size} px in {result.images} (upscale {params.upscale}); raw in {result.raw}")
    if result.speck_area_px:
        print(f"calligan generate: erased {result.specks_erased} specks (ink components under "
              f"{result.speck_area_px} px) from the {result.export_size} px images")
    return 0

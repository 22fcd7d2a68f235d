"""`calligan fid A B`: pytorch-fid's CLI, offline and faster, on folders of images or packed `.npz` files."""

from __future__ import annotations

import argparse

import numpy as np

from calligan.config.params import Params
from calligan.errors import CalliganError
from calligan.metrics.stats import FEATURE_DIMS, MIN_FID_SAMPLES, require_count, require_images, require_same_size

NAME = "fid"
READS_PARAMS = False  # it scores the two sets it is given, like pytorch-fid's CLI
HELP = "FID between two image sets (folders of images, .npz images or pytorch-fid statistics); prints 'FID: <value>'"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs=2, metavar="PATH", help="folder of images, .npz with 'images', or pytorch-fid .npz statistics")
    parser.add_argument("--batch-size", type=int, default=50, help="images per forward pass (default: 50, as pytorch-fid)")
    parser.add_argument("--device", default=None, help="torch device, e.g. cpu or cuda:0 (default: CUDA when available)")
    parser.add_argument("--dims", type=int, default=FEATURE_DIMS, choices=(FEATURE_DIMS,), help="feature size; FID is defined on the 2048-d pool3 features")
    parser.add_argument("--weights", default=None, help="FID Inception state dict (default: $CALLIGAN_FID_WEIGHTS, the torch hub cache, or converted offline)")


def _as_rgb(images: np.ndarray) -> np.ndarray:
    return images if images.ndim == 4 else np.repeat(images[..., None], 3, axis=-1)


def run(config: Params, args: argparse.Namespace) -> int:
    # torch and the Inception network load here, not at import: `calligan --help` lists this command too
    from calligan.metrics.features import InceptionFeatures
    from calligan.metrics.fid import frechet_inception_distance, load_image_set

    if args.batch_size < 1:
        raise CalliganError(f"--batch-size must be at least 1, got {args.batch_size}")
    sets = [load_image_set(path) for path in args.paths]
    for data, path in zip(sets, args.paths):
        if isinstance(data, np.ndarray):
            require_images(data, what=str(path))
            require_count(len(data), need=MIN_FID_SAMPLES, what=f"images in {path}", metric="FID")
    images = [data for data in sets if isinstance(data, np.ndarray)]
    if len(images) == 2:
        if images[0].ndim != images[1].ndim:
            # pytorch-fid reads every file as RGB; a gray set meets an RGB one as RGB.
            sets = images = [_as_rgb(data) for data in images]
        require_same_size(images[0], images[1])
    extract = InceptionFeatures(weights=args.weights, device=args.device, batch_size=args.batch_size,
                                progress=not args.no_progress) if images else None
    what = tuple(f"images in {path}" for path in args.paths)
    print(f"FID: {frechet_inception_distance(*sets, extract=extract, what=what)}")
    return 0

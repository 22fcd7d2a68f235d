"""Inception feature throughput: calligan's FID path against pytorch-fid's `get_activations`, same images.

pytorch-fid reads PNG files from disk as its CLI does (PIL, ToTensor, DataLoader with its CLI's worker
count); calligan reads the same images packed in one `.npz`. Both FIDs (first half of the images
against the second) are reported so the speed-up is seen to cost no accuracy. The Fréchet distance
alone is timed too, on pytorch-fid's statistics: its `calculate_frechet_distance` (scipy's sqrtm)
against calligan's `frechet_distance` (two symmetric eigendecompositions).

    .venv/bin/python benchmarks/fid.py --count 64
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import torch
from PIL import Image
from pytorch_fid.fid_score import calculate_frechet_distance, get_activations
from pytorch_fid.inception import InceptionV3

from calligan.io.atomic import atomic_write_text
from calligan.io.npz import save_npz
from calligan.metrics.features import InceptionFeatures, resolve_fid_weights
from calligan.metrics.fid import frechet_distance, frechet_inception_distance
from calligan.metrics.stats import feature_stats

REPO = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def _real_images(source: Path, count: int) -> list[bytes]:
    """`count` PNGs spread over the classes of the two-valued validation split."""
    with zipfile.ZipFile(source) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("validation/") and n.endswith(".png"))
        step = max(1, len(names) // count)
        return [archive.read(name) for name in names[::step][:count]]


def _timed(run: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


def _packed_features(extract: InceptionFeatures, packed: Path) -> np.ndarray:
    with np.load(packed) as stored:
        return extract(stored["images"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=64, help="images scored by each implementation")
    parser.add_argument("--batch-size", type=int, default=50, help="images per forward pass, both sides")
    parser.add_argument("--repeats", type=int, default=2, help="alternating timed rounds; the best of each side counts")
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared" / "data" / "cccr-calligraphy.zip")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "fid.json")
    args = parser.parse_args()

    # pytorch-fid's loader finds the weights in the hub cache, where this puts them if needed.
    resolve_fid_weights()
    # pytorch-fid's CLI default: one DataLoader worker per available CPU, at most 8.
    workers = min(len(os.sched_getaffinity(0)), 8)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for index, png in enumerate(_real_images(args.source, args.count)):
            files.append(folder / f"{index:05d}.png")
            files[-1].write_bytes(png)
        save_npz(folder / "images.npz", {"images": np.stack([np.asarray(Image.open(file)) for file in files])})
        model = InceptionV3([InceptionV3.BLOCK_INDEX_BY_DIM[2048]]).eval()
        extract = InceptionFeatures(device="cpu", batch_size=args.batch_size, progress=False)
        # Warm-up (oneDNN primitive creation), untimed.
        get_activations(files[:2], model, batch_size=2, device="cpu", num_workers=0)
        extract(np.stack([np.asarray(Image.open(file)) for file in files[:2]]))
        # This machine is shared: rounds alternate the two sides and each keeps its best time.
        their_seconds = our_seconds = float("inf")
        for _ in range(args.repeats):
            theirs, seconds = _timed(
                lambda: get_activations(files, model, batch_size=args.batch_size, device="cpu", num_workers=workers)
            )
            their_seconds = min(their_seconds, seconds)
            ours, seconds = _timed(lambda: _packed_features(extract, folder / "images.npz"))
            our_seconds = min(our_seconds, seconds)

    half = len(files) // 2
    their_a, their_b = feature_stats(theirs[:half], what="a"), feature_stats(theirs[half:], what="b")
    their_fid, scipy_seconds = _timed(lambda: calculate_frechet_distance(their_a.mu, their_a.sigma, their_b.mu, their_b.sigma))
    eigh_fid, eigh_seconds = _timed(lambda: frechet_distance(their_a, their_b))
    our_fid = frechet_inception_distance(ours[:half], ours[half:])
    result = {
        "images": len(files),
        "image_size": 128,
        "batch_size": args.batch_size,
        "repeats": args.repeats,
        "torch_threads": torch.get_num_threads(),
        "pytorch_fid_workers": workers,
        "pytorch_fid_images_per_s": len(files) / their_seconds,
        "calligan_images_per_s": len(files) / our_seconds,
        "speedup": their_seconds / our_seconds,
        "feature_relative_error": float(np.linalg.norm(ours - theirs) / np.linalg.norm(theirs)),
        "pytorch_fid_fid": float(their_fid),
        "calligan_fid": our_fid,
        "fid_relative_difference": abs(our_fid - their_fid) / their_fid,
        "frechet_seconds_scipy_sqrtm": scipy_seconds,
        "frechet_seconds_calligan_eigh": eigh_seconds,
        "frechet_relative_difference": abs(eigh_fid - their_fid) / their_fid,
        "load_average_1min": os.getloadavg()[0],
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs, torch {torch.__version__}",
    }
    atomic_write_text(args.out, json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

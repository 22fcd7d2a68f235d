"""Prepare-stage throughput and memory against a plain single-process PIL loop, in one run.

Makes COUNT competition-like JPEGs (cccr characters upscaled to random 200-400 px non-square
pages, inverted to dark ink on light paper), then times (a) the reference: one process doing
PIL open -> convert("L") -> resize per file, and (b) the prepare stage with default params.
Targets: (b) at least 2x faster than (a), peak RSS of (b) with its workers under 1 GiB.
On few cores the speedup is bounded by `cpu_ratio` times the core count; on many, by `serial_ceiling`.

    .venv/bin/python benchmarks/prepare_speed.py --count 40000
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import cv2
import numpy as np
import psutil
from PIL import Image

from calligan.config.prepare import PrepareParams
from calligan.io.atomic import atomic_write_text

GIB = 1024**3


def make_images(cccr: Path, folder: Path, *, count: int, seed: int) -> None:
    """`count` JPEGs in `folder/<char>/<n>.jpg`, cycling through the cccr images."""
    rng = np.random.default_rng(seed)
    with zipfile.ZipFile(cccr) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".png"))
        for i in range(count):
            name = names[i % len(names)]
            strokes = np.asarray(Image.open(io.BytesIO(archive.read(name))).convert("L"))
            width, height = (int(v) for v in rng.integers(200, 401, 2))
            page = 255 - cv2.resize(strokes, (width, height), interpolation=cv2.INTER_CUBIC)
            page = np.clip(page.astype(np.int16) - 20 + rng.normal(0, 4, page.shape), 0, 255).astype(np.uint8)
            target = folder / name.split("/")[1] / f"{i:06d}.jpg"
            target.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(page).save(target, format="JPEG", quality=90)


def reference_loop(folder: Path, *, size: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the plain single-process loop."""
    started, cpu = time.perf_counter(), time.process_time()
    for path in sorted(folder.rglob("*.jpg")):
        with Image.open(path) as image:
            image.convert("L").resize((size, size))
    return time.perf_counter() - started, time.process_time() - cpu


class Usage:
    """Samples every `interval` seconds the RSS of this process plus its children (peak kept), and
    the CPU seconds of each child (their last reading, summed); the box is shared, so CPU seconds
    say what wall seconds cannot. A sample costs about 2 ms of this process's CPU, counted as the
    stage's: every 50 ms that was 4 % of a core taken from the timed run; RSS grows slowly enough
    for 250 ms."""

    def __init__(self, interval: float = 0.25) -> None:
        self.peak, self._interval, self._stop = 0, interval, threading.Event()
        self._child_cpu: dict[int, float] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                try:
                    with child.oneshot():
                        total += child.memory_info().rss
                        times = child.cpu_times()
                    self._child_cpu[child.pid] = times.user + times.system
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(self._interval)

    @property
    def children_cpu(self) -> float:
        return sum(self._child_cpu.values())

    def __enter__(self) -> "Usage":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40_000, help="images to make and prepare")
    parser.add_argument("--cccr", type=Path, default=Path("../shared/data/cccr-calligraphy.zip"))
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/prepare_speed.json"))
    parser.add_argument("--workers", type=int, default=0, help="prepare workers; 0 = all cores")
    parser.add_argument("--no-stamp-across-strokes", action="store_true",
                        help="prepare.dirt.stamp_across_strokes=false: without the costly seal-across-strokes look")
    args = parser.parse_args()
    # imported here, not above: pool workers re-import this script, and need none of the stage's writers
    from calligan.prepare import stage

    with tempfile.TemporaryDirectory(prefix="prepare_speed_") as tmp:
        source, out = Path(tmp) / "train", Path(tmp) / "out"
        make_images(args.cccr, source, count=args.count, seed=0)
        params = dataclasses.replace(PrepareParams(), source=str(source.parent), out=str(out), workers=args.workers)
        if args.no_stamp_across_strokes:
            params = dataclasses.replace(params, dirt=dataclasses.replace(params.dirt, stamp_across_strokes=False))
        reference_s, reference_cpu = reference_loop(source, size=params.image_size)
        with Usage() as usage:
            started, cpu = time.perf_counter(), time.process_time()
            summary = stage.run(params, progress=False)
            prepare_s, main_cpu = time.perf_counter() - started, time.process_time() - cpu
    result = {
        "count": args.count,
        "cores": len(os.sched_getaffinity(0)),
        "workers": summary["workers"],
        "image_size": params.image_size,
        "stamp_across_strokes": params.dirt.stamp_across_strokes,
        "reference_size": params.reference_size,
        "reference_seconds": round(reference_s, 3),
        "prepare_seconds": round(prepare_s, 3),
        "prepare_phase_seconds": summary["seconds"],
        "speedup": round(reference_s / prepare_s, 3),
        "reference_cpu_seconds": round(reference_cpu, 3),
        "prepare_cpu_seconds": {"main": round(main_cpu, 3), "workers": round(usage.children_cpu, 3)},
        "cpu_ms_per_image": {
            "reference": round(1000 * reference_cpu / args.count, 3),
            "prepare": round(1000 * (main_cpu + usage.children_cpu) / args.count, 3),
            "prepare_main": round(1000 * main_cpu / args.count, 3),
        },
        "cpu_ratio": round(reference_cpu / (main_cpu + usage.children_cpu), 3),
        # the main process (listing, duplicate search, writing) is serial: no core count lifts the speedup past this
        "serial_ceiling": round(reference_cpu / main_cpu, 3),
        "peak_rss_gib": round(usage.peak / GIB, 3),
        "status": summary["status"],
        "reason": summary["reason"],
        "target_speedup": 2.0,
        "target_peak_rss_gib": 1.0,
        "load_average": os.getloadavg(),
    }
    atomic_write_text(args.out, json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

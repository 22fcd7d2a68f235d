"""The whole GPU check in one run (issue 13), inside the device tool's 10 minutes a command: the device
banner, the GPU tests, the train-step benchmark, and the competition preset (params-gpu.yaml) trained
for what is left of the budget, about 6 minutes, at the rate the benchmark measured.

Run it as `bash scripts/gpu_run.sh` (which puts src/ on the path); it needs only torch, torchvision,
numpy, pandas, pytest and the libraries calligan imports, not DVC, Prefect or pytorch-fid. Without
pytorch-fid the run scores the classifier's accuracy alone while it trains, and FID is computed
afterwards, on a machine that has the Inception weights, from the generator it writes.

What it reads beyond the working tree comes from `scripts/gpu_pack.py` (`.gpu/dataset.npz`,
`.gpu/heldout.npz`, `.gpu/classifier.pt`). What it writes to --out (the device tool's $OUT: at most 8 files, flat):

    run.json            the banner, each part's exit status and seconds, the preset's steps and G-steps/s
    gpu_tests.txt       pytest -m gpu
    train_step.json     benchmarks/train_step.py
    log.csv, losses.png, grid_<step>.png (the last grid)     the preset's run
    generator.pt.0, generator.pt.1   its generator.pt in parts (the tool's 16 MiB a file; the preset's G is
                        17.6 MiB at 128 px): `cat generator.pt.? > generator.pt`. Without FID there is no best
                        snapshot, so generator_best.pt is the same file (run.json holds both digests).

`--cpu` runs the same parts at tiny sizes on the CPU in under a minute, so a test proves the script works.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import torch

from calligan.config import load_params

REPO = Path(__file__).resolve().parents[1]
PRESET = REPO / "params-gpu.yaml"
TRAIN_MINUTES = 6.0  # the preset's share of a run when the budget allows
RESERVE_S = 60.0  # kept back at the end: the final evaluation, export and copying
STEP_MARGIN = 0.85  # of the steps the benchmark's rate promises: sampling, evaluation, checkpoints cost time too
# Per part: (GPU, --cpu) arguments. On the GPU the benchmark logs every 20 steps (one device read per row).
BENCHMARK_ARGS = {
    "gpu": ["--warmup", "20", "--iterations", "200", "--log-every", "20"],
    "cpu": ["--width", "8", "--batch", "8", "--size", "32", "--warmup", "2", "--iterations", "2", "--log-every", "2",
            "--threads", "1"],
}
# --cpu: the preset at the sizes of the engine's tests, a few steps, one evaluation midway.
CPU_OVERRIDES = ["train.device=cpu", "train.width=8", "train.batch_size=8", "train.steps=4", "train.log_every=2",
                 "train.sample_every=2", "train.checkpoint_every=2", "train.eval_every=2", "train.eval_samples=8",
                 "train.grid_samples=4", "train.cpu_threads=1"]
PART_TIMEOUT_S = {"tests": 180, "benchmark": 240}
PART_BYTES = 15 * 2**20  # under the device tool's 16 MiB a file


def banner(*, cpu: bool) -> dict:
    """The device, driver and builds, printed and returned."""
    info = {"python": platform.python_version(), "torch": torch.__version__, "cuda": torch.version.cuda,
            "cudnn": torch.backends.cudnn.version(), "machine": platform.machine(), "cpus": os.cpu_count()}
    if not cpu:
        properties = torch.cuda.get_device_properties(0)
        info |= {"gpu": properties.name, "capability": f"{properties.major}.{properties.minor}",
                 "memory_gib": round(properties.total_memory / 2**30, 1)}
        smi = shutil.which("nvidia-smi")
        if smi:
            query = [smi, "--query-gpu=driver_version", "--format=csv,noheader"]
            info["driver"] = subprocess.run(query, capture_output=True, text=True).stdout.strip()
    for key, value in info.items():
        print(f"  {key}: {value}")
    return info


def run_part(name: str, command: list[str], *, log: Path, timeout: float) -> dict:
    """Run one part with its output in `log` (echoed afterwards); its exit status (124: timed out) and seconds."""
    print(f"== {name}: {' '.join(command)}", flush=True)
    start = time.perf_counter()
    with open(log, "w") as out:
        try:
            rc = subprocess.run(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            rc = 124
    seconds = time.perf_counter() - start
    print(log.read_text()[-4000:], flush=True)
    print(f"== {name}: exit {rc} after {seconds:.0f} s", flush=True)
    return {"rc": rc, "seconds": round(seconds, 1)}


def preset_steps(benchmark: Path, *, seconds: float, log_every: int) -> int:
    """Generator steps that fit in `seconds` at the bf16 + channels_last rate the benchmark measured,
    in whole log rows; 0 when the benchmark left no rate or the time is too short."""
    if not benchmark.is_file() or seconds <= 0:
        return 0
    rate = json.loads(benchmark.read_text())["engine"]["bf16_channels_last"]["g_steps_per_s"]
    return int(rate * seconds * STEP_MARGIN) // log_every * log_every


def measured_rate(log: Path, *, n_critic: int, batch_size: int) -> float | None:
    """The preset's generator steps/s from its log rows, the first (warm-up) row left out."""
    if not log.is_file():
        return None
    rows = pd.read_csv(log)["images_per_s"].iloc[1:].dropna()
    return None if rows.empty else float(rows.median() / (n_critic * batch_size))


def sha256(path: Path) -> str | None:
    if not path.is_file():
        return None
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def copy_in_parts(path: Path, out: Path) -> None:
    """`path` as out/<name>.0, .1, ... of at most PART_BYTES each, which `cat` joins back in order."""
    data = path.read_bytes()
    for index, start in enumerate(range(0, len(data), PART_BYTES)):
        (out / f"{path.name}.{index}").write_bytes(data[start:start + PART_BYTES])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu", action="store_true", help="dry mode: every part at tiny sizes on the CPU")
    parser.add_argument("--out", type=Path, default=os.environ.get("OUT"), help="where the files go (default $OUT)")
    parser.add_argument("--data", type=Path, default=REPO / ".gpu" / "dataset.npz", help="scripts/gpu_pack.py's dataset")
    parser.add_argument("--classifier", type=Path, default=REPO / ".gpu" / "classifier.pt",
                        help="scripts/gpu_pack.py's classifier (accuracy while training)")
    parser.add_argument("--heldout", type=Path, default=REPO / ".gpu" / "heldout.npz",
                        help="scripts/gpu_pack.py's held-out images (the FID while training; absent: the training images)")
    parser.add_argument("--work", type=Path, help="the run's models and reports (default: a new temporary folder)")
    parser.add_argument("--minutes", type=float, default=9.0,
                        help="wall-clock budget of the whole run (the device tool stops a command at 10)")
    args = parser.parse_args()
    if args.out is None:
        parser.error("--out is needed where $OUT is not set")
    if not args.data.is_file():
        parser.error(f"{args.data} is missing: run `PYTHONPATH=src python scripts/gpu_pack.py` and carry .gpu")
    if not args.cpu and not torch.cuda.is_available():
        parser.error("no CUDA device is visible; use --cpu for the dry mode")
    deadline = time.perf_counter() + args.minutes * 60
    mode = "cpu" if args.cpu else "gpu"
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="calligan-gpu-run-"))
    work.mkdir(parents=True, exist_ok=True)
    python = sys.executable

    print("== device", flush=True)
    record = {"mode": mode, "banner": banner(cpu=args.cpu), "parts": {}}
    tests = sorted(str(path.relative_to(REPO)) for path in (REPO / "tests").rglob("test_gpu.py"))
    record["parts"]["tests"] = run_part("gpu tests", [python, "-m", "pytest", "-q", "-rs", "-m", "gpu", "-p",
                                                      "no:cacheprovider", *tests],
                                        log=out / "gpu_tests.txt", timeout=PART_TIMEOUT_S["tests"])
    benchmark = out / "train_step.json"
    record["parts"]["benchmark"] = run_part("train-step benchmark", [python, "benchmarks/train_step.py",
                                                                      "--out", str(benchmark), *BENCHMARK_ARGS[mode]],
                                            log=work / "benchmark.txt", timeout=PART_TIMEOUT_S["benchmark"])

    overrides = [f"train.classifier={args.classifier}", f"train.heldout={args.heldout}",
                 f"train.models_dir={work / 'models'}", f"train.reports_dir={work / 'reports'}"]
    overrides += CPU_OVERRIDES if args.cpu else []
    sized = True
    if not args.cpu:
        seconds = min(TRAIN_MINUTES * 60, deadline - time.perf_counter() - RESERVE_S)
        steps = preset_steps(benchmark, seconds=seconds, log_every=load_params(str(PRESET), overrides).train.log_every)
        sized = steps > 0
        overrides += [f"train.steps={steps}"] if sized else []
    settings = load_params(str(PRESET), overrides).train
    if sized:
        command = [python, "-m", "calligan", "train", "--params", str(PRESET), "--no-progress", "--fresh",
                   "--data", str(args.data), *[arg for o in overrides for arg in ("--set", o)]]
        record["parts"]["train"] = run_part(f"train the preset, {settings.steps} steps", command,
                                            log=work / "train.txt", timeout=max(deadline - time.perf_counter(), 1))
    else:
        print("== train: skipped, no rate from the benchmark (or no time left) to size the run by", flush=True)
        record["parts"]["train"] = {"rc": None, "seconds": 0}
    reports, models = work / "reports", work / "models"
    record["preset"] = {"steps": settings.steps, "n_critic": settings.n_critic, "batch_size": settings.batch_size,
                        "g_steps_per_s": measured_rate(reports / "log.csv", n_critic=settings.n_critic,
                                                       batch_size=settings.batch_size)}

    record["sha256"] = {name: sha256(models / name) for name in ("generator.pt", "generator_best.pt")}
    grids = sorted(work.rglob("grid_*.png"), key=lambda path: path.name)
    for path in [reports / "log.csv", reports / "losses.png", *grids[-1:]]:
        if path.is_file():
            shutil.copyfile(path, out / path.name)
    if (models / "generator.pt").is_file():
        copy_in_parts(models / "generator.pt", out)
    (out / "run.json").write_text(json.dumps(record, indent=2))
    print(json.dumps(record["parts"] | {"preset": record["preset"]}), flush=True)
    return 0 if all(part["rc"] == 0 for part in record["parts"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Images/s of a WGAN-GP iteration (n_critic critic steps + 1 generator step) through calligan's
training engine vs a plain, straightforward float32 PyTorch loop over the same networks, in the same run.

"images/s" counts real images through the critic, as `log.csv` does: n_critic x batch per iteration;
generator steps/s is that over n_critic x batch. The engine is run end to end
(`calligan.train.stage.run`, so batching, augmentation, freezing, EMA, statistics and AMP are all in
the measurement) in each of ENGINE_VARIANTS; its rate is read from its own log rows after the warm-up.

    .venv/bin/python benchmarks/train_step.py                       # DCGAN-64, width 64, batch 64
    .venv/bin/python benchmarks/train_step.py --width 16 --batch 16 --iterations 2   # a quick look
    .venv/bin/python benchmarks/train_step.py --width 16 --batch 32 --iterations 20 --cpu-options  # + CPU settings
    .venv/bin/python benchmarks/train_step.py --device cpu --threads 1 --width 16 --compile on \
        --variants float32 float32_compile --warmup 10 --iterations 40   # torch.compile on a CPU
    python3 benchmarks/train_step.py --warmup 20 --iterations 200 --log-every 20     # a GPU

Writes benchmarks/results/train_step.json (or --out); ratio_over_plain = engine / plain. On the CPU
the engine does more work than the plain loop (augmentation, EMA) at the same precision; on a GPU
bf16 and channels_last are what should put it ahead. `--cpu-options` also times the plain loop on the
CPU in channels_last and at each thread count up to the cores this process may use, as ratios against
the same loop in the default format on one thread (`cpu_options` in the JSON).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from calligan.config.train import TrainParams
from calligan.gans.registry import build_family
from calligan.io.atomic import atomic_write_text
from calligan.io.npz import save_npz
from calligan.train import stage
from calligan.train.runtime import resolve_runtime
from calligan.train.stage import model_spec

RESULTS = Path(__file__).resolve().parent / "results"


def _dataset(folder: Path, *, size: int, count: int) -> Path:
    rng = np.random.default_rng(0)
    path = folder / "dataset.npz"
    save_npz(path, {"images": (rng.random((count, size, size)) > 0.85).astype(np.uint8) * 255,
                    "labels": np.zeros(count, np.int64), "classes": np.array(["x"])})
    return path


def engine_rate(params: TrainParams, *, warmup: int) -> float:
    """Mean images/s of the engine's log rows past the first `warmup` generator steps."""
    stage.run(params, progress=False)
    log = pd.read_csv(Path(params.reports_dir) / "log.csv")
    timed = log[log["step"] > warmup]
    images_per_row = params.log_every * params.n_critic * params.batch_size
    return len(timed) * images_per_row / (images_per_row / timed["images_per_s"]).sum()


def plain_rate(params: TrainParams, *, images: torch.Tensor, warmup: int, iterations: int, device: torch.device,
               memory_format: torch.memory_format = torch.contiguous_format) -> float:
    """The textbook WGAN-GP loop: no freezing, no EMA, float32; memory_format: the networks' and the
    real batches' (the default format unless a CPU option is timed)."""
    torch.manual_seed(params.seed)
    spec = model_spec(params, image_size=images.shape[-1], num_classes=1)
    family = build_family(spec, params)
    G = family.generator.to(device, memory_format=memory_format)
    D = family.discriminator.to(device, memory_format=memory_format)
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.0, 0.9))
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.0, 0.9))
    b = params.batch_size

    def iteration() -> None:
        for _ in range(params.n_critic):
            real = images[torch.randint(len(images), (b,), device=device)].unsqueeze(1).float() / 127.5 - 1
            real = real.contiguous(memory_format=memory_format)
            fake = G(torch.randn(b, spec.latent_dim, device=device), None).detach()
            alpha = torch.rand(b, 1, 1, 1, device=device)
            mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
            grad, = torch.autograd.grad(D(mixed).sum(), mixed, create_graph=True)
            penalty = ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
            loss = D(fake).mean() - D(real).mean() + params.gp_weight * penalty
            opt_d.zero_grad()
            loss.backward()
            opt_d.step()
        loss = -D(G(torch.randn(b, spec.latent_dim, device=device), None)).mean()
        opt_g.zero_grad()
        loss.backward()
        opt_g.step()

    for _ in range(warmup):
        iteration()
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(iterations):
        iteration()
    if device.type == "cuda":
        torch.cuda.synchronize()
    return iterations * params.n_critic * b / (time.perf_counter() - start)


# calligan's configurations, each against the plain float32 loop: float32 as the plain loop computes,
# then what a GPU run uses (bf16 autocast, channels_last), then each with the generator compiled
# (the WGAN-GP critic stays eager: compiled double backward, pytorch/pytorch#91469).
ENGINE_VARIANTS = {
    "float32": {"amp": "off", "channels_last": False, "compile": False},
    "float32_compile": {"amp": "off", "channels_last": False, "compile": True},
    "bf16_channels_last": {"amp": "bf16", "channels_last": True, "compile": False},
    "bf16_channels_last_compile": {"amp": "bf16", "channels_last": True, "compile": True},
}


def cpu_options(params: TrainParams, *, images: torch.Tensor, warmup: int, iterations: int) -> dict:
    """The plain loop on the CPU per (threads, memory format), with its ratio over one thread in the
    default format; each rate is the mean of a run before and after the others (load drift)."""
    cores = len(os.sched_getaffinity(0))
    options = [(threads, "contiguous") for threads in range(1, cores + 1)] + [(1, "channels_last")]
    formats = {"contiguous": torch.contiguous_format, "channels_last": torch.channels_last}
    kept = torch.get_num_threads()
    rates: dict[tuple[int, str], list[float]] = {option: [] for option in options}
    for option in options + options[::-1]:
        threads, name = option
        torch.set_num_threads(threads)
        rates[option].append(plain_rate(params, images=images, warmup=warmup, iterations=iterations,
                                        device=torch.device("cpu"), memory_format=formats[name]))
    torch.set_num_threads(kept)
    reference = sum(rates[(1, "contiguous")]) / 2
    return {f"{threads}_threads_{name}": {"images_per_s": sum(r) / 2, "ratio_over_1_thread": sum(r) / 2 / reference}
            for (threads, name), r in rates.items()}


def _rates(images_per_s: float, *, n_critic: int, batch: int) -> dict:
    return {"images_per_s": images_per_s, "g_steps_per_s": images_per_s / (n_critic * batch)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=64, help="base channel count (the seed's size: 64)")
    parser.add_argument("--batch", type=int, default=64, help="images per critic step")
    parser.add_argument("--size", type=int, default=64, help="image side")
    parser.add_argument("--iterations", type=int, default=2, help="timed generator steps per configuration")
    parser.add_argument("--warmup", type=int, default=1, help="untimed generator steps first")
    parser.add_argument("--log-every", type=int, default=1,
                        help="the engine's steps per log row (each row reads the device once); divides both counts")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--compile", choices=("auto", "on", "off"), default="auto",
                        help="also time the compiled generator; auto: on CUDA only (on a CPU it needs a C++ "
                             "compiler and minutes)")
    parser.add_argument("--variants", nargs="+", choices=tuple(ENGINE_VARIANTS), metavar="NAME",
                        help=f"engine variants to time (default: all that --compile allows): {', '.join(ENGINE_VARIANTS)}")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    parser.add_argument("--cpu-options", action="store_true",
                        help="also time the plain loop on the CPU per thread count and in channels_last")
    parser.add_argument("--out", type=Path, default=RESULTS / "train_step.json", help="the JSON written")
    args = parser.parse_args()
    if args.warmup % args.log_every or args.iterations % args.log_every:
        parser.error("--log-every must divide --warmup and --iterations")
    if args.threads:
        torch.set_num_threads(args.threads)
    device = resolve_runtime(device=args.device, amp="auto", channels_last=True).device
    # The engine turns cuDNN's autotuner on for the process; on from the start, both sides of the
    # bracket below and every configuration run with it.
    torch.backends.cudnn.benchmark = device.type == "cuda"
    compile_ = args.compile == "on" or (args.compile == "auto" and device.type == "cuda")
    variants = {name: v for name, v in ENGINE_VARIANTS.items()
                if (compile_ or not v["compile"]) and (args.variants is None or name in args.variants)}
    n_critic = 5

    engine = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = _dataset(folder, size=args.size, count=max(4 * args.batch, 256))
        base = TrainParams(data=str(data), model="wgan-gp", width=args.width, batch_size=args.batch, n_critic=n_critic,
                           steps=args.warmup + args.iterations, log_every=args.log_every, sample_every=10**6,
                           checkpoint_every=10**6, eval_every=0, device=args.device, cpu_threads=args.threads)
        images = torch.from_numpy(np.load(data)["images"]).to(device)
        # The plain loop runs before and after the engine: on a shared machine the load drifts, and
        # bracketing keeps that drift from deciding the ratios.
        plain_before = plain_rate(base, images=images, warmup=args.warmup, iterations=args.iterations, device=device)
        for name, variant in variants.items():
            params = dataclasses.replace(base, **variant, models_dir=str(folder / name / "models"),
                                         reports_dir=str(folder / name / "reports"))
            engine[name] = engine_rate(params, warmup=args.warmup)
        plain_after = plain_rate(base, images=images, warmup=args.warmup, iterations=args.iterations, device=device)
        plain = (plain_before + plain_after) / 2
        cpu = cpu_options(base, images=images.cpu(), warmup=args.warmup, iterations=args.iterations) if args.cpu_options else None

    result = {
        "benchmark": "train_step",
        "what": "real images/s through the critic (and generator steps/s), WGAN-GP, DCGAN networks, n_critic 5; "
                "the engine end to end (augmentation with ADA, EMA, statistics) against a plain float32 loop",
        "config": {**{k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}, "device": str(device),
                   "threads": torch.get_num_threads()},
        "plain_float32": {**_rates(plain, n_critic=n_critic, batch=args.batch),
                          "images_per_s_before_after": [plain_before, plain_after]},
        "engine": {name: {**_rates(rate, n_critic=n_critic, batch=args.batch), **ENGINE_VARIANTS[name],
                          "ratio_over_plain": rate / plain} for name, rate in engine.items()},
        "cpu_options": cpu,
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "gpu": torch.cuda.get_device_name(device) if device.type == "cuda" else None,
        "machine": platform.machine(),
    }
    atomic_write_text(args.out, json.dumps(result, indent=2))
    print(json.dumps({name: round(r["ratio_over_plain"], 3) for name, r in result["engine"].items()}
                     | {"plain_g_steps_per_s": round(result["plain_float32"]["g_steps_per_s"], 2)}))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()

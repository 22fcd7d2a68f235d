"""Images/s of a WGAN-GP iteration (n_critic critic steps + 1 generator step) through calligan's
training engine vs a plain, straightforward PyTorch loop over the same networks, in the same run.

"images/s" counts real images through the critic, as `log.csv` does: n_critic x batch per iteration.
The engine is run end to end (`calligan.train.loop.train`, so batching, freezing, EMA, statistics
and AMP are all in the measurement); its rate is read from its own log rows after the warm-up ones.

    .venv/bin/python benchmarks/train_step.py                       # DCGAN-64, width 64, batch 64
    .venv/bin/python benchmarks/train_step.py --width 16 --batch 16 --iterations 2   # a quick look

Writes benchmarks/results/train_step.json; ratio = engine / plain (>= 1.0 expected).
"""

from __future__ import annotations

import argparse
import json
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
from calligan.train.loop import train
from calligan.train.model import model_spec
from calligan.train.runtime import resolve_runtime

RESULTS = Path(__file__).resolve().parent / "results"


def _dataset(folder: Path, *, size: int, count: int) -> Path:
    rng = np.random.default_rng(0)
    path = folder / "dataset.npz"
    save_npz(path, {"images": (rng.random((count, size, size)) > 0.85).astype(np.uint8) * 255,
                    "labels": np.zeros(count, np.int64), "classes": np.array(["x"])})
    return path


def engine_rate(params: TrainParams, *, warmup: int) -> float:
    """Mean images/s of the engine's log rows after `warmup` iterations (one row per iteration)."""
    train(params, progress=False)
    log = pd.read_csv(Path(params.reports_dir) / "log.csv")
    timed = log[log["step"] > warmup]
    n_critic = params.n_critic
    seconds = (n_critic * params.batch_size / timed["images_per_s"]).sum()
    return len(timed) * n_critic * params.batch_size / seconds


def plain_rate(params: TrainParams, *, images: torch.Tensor, warmup: int, iterations: int, device: torch.device) -> float:
    """The textbook WGAN-GP loop: no freezing, no EMA, float32, default memory format."""
    torch.manual_seed(params.seed)
    spec = model_spec(params, image_size=images.shape[-1], num_classes=1)
    family = build_family(spec, gp_weight=params.gp_weight)
    G, D = family.generator.to(device), family.discriminator.to(device)
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.0, 0.9))
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.0, 0.9))
    b = params.batch_size

    def iteration() -> None:
        for _ in range(params.n_critic):
            real = images[torch.randint(len(images), (b,), device=device)].unsqueeze(1).float() / 127.5 - 1
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=64, help="base channel count (the seed's size: 64)")
    parser.add_argument("--batch", type=int, default=64, help="images per critic step")
    parser.add_argument("--size", type=int, default=64, help="image side")
    parser.add_argument("--iterations", type=int, default=2, help="timed generator iterations per side")
    parser.add_argument("--warmup", type=int, default=1, help="untimed iterations first")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = resolve_runtime(device=args.device, amp="auto", channels_last=True).device

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = _dataset(folder, size=args.size, count=max(4 * args.batch, 256))
        params = TrainParams(data=str(data), model="wgan-gp", width=args.width, batch_size=args.batch, n_critic=5,
                             steps=args.warmup + args.iterations, log_every=1, sample_every=10**6,
                             checkpoint_every=10**6, device=args.device, cpu_threads=args.threads,
                             models_dir=str(folder / "models"), reports_dir=str(folder / "reports"))
        images = torch.from_numpy(np.load(data)["images"]).to(device)
        # The plain loop runs before and after the engine: on a shared machine the load drifts, and
        # bracketing keeps that drift from deciding the ratio.
        plain_before = plain_rate(params, images=images, warmup=args.warmup, iterations=args.iterations, device=device)
        engine = engine_rate(params, warmup=args.warmup)
        plain_after = plain_rate(params, images=images, warmup=args.warmup, iterations=args.iterations, device=device)
        plain = (plain_before + plain_after) / 2

    result = {
        "benchmark": "train_step",
        "what": "real images/s through the critic, WGAN-GP, DCGAN networks, n_critic 5",
        "config": {**vars(args), "device": str(device),
                   "threads": torch.get_num_threads()},
        "engine_images_per_s": engine,
        "plain_images_per_s": plain,
        "plain_images_per_s_before_after": [plain_before, plain_after],
        "ratio_engine_over_plain": engine / plain,
        "torch": torch.__version__,
        "machine": platform.machine(),
    }
    out = RESULTS / "train_step.json"
    atomic_write_text(out, json.dumps(result, indent=2))
    print(json.dumps({k: result[k] for k in ("engine_images_per_s", "plain_images_per_s", "ratio_engine_over_plain")}))
    print(f"written {out}")


if __name__ == "__main__":
    main()

"""The CPU recipe sweep: train each candidate recipe for the same number of steps, then score it.

Each candidate is the `train:` group of params.yaml with a few overrides, trained for the same number
of generator steps; the seconds are reported beside the scores (candidates with the same networks and
critic steps cost the same per step, so equal steps is equal time for them). The score is the EMA
generator's FID at the training size (N generated vs N real training images) and, for a conditional
model, the real-data classifier's accuracy on the intended labels — the numbers train logs as it goes.

    .venv/bin/python benchmarks/recipe_sweep.py --steps 1200 --samples 500 --only baseline ttur
    .venv/bin/python benchmarks/recipe_sweep.py --list

Needs `calligan prepare` and `calligan classifier` outputs. Writes benchmarks/results/recipe_sweep.json
(one row per candidate, appended across invocations) and prints a table.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

import torch

from calligan.config import load_params
from calligan.train import stage
from calligan.train.evaluation import TrainingEvaluator
from calligan.gans.generator_file import load_generator
from calligan.train.runtime import resolve_runtime
from calligan.train.stage import load_training_set, make_family, model_spec

RESULTS = Path(__file__).resolve().parent / "results"

# Every candidate but "default" starts from params.yaml without augmentation and states what it changes.
TTUR = {"lr_g": 1e-4, "lr_d": 4e-4, "betas": (0.0, 0.9), "n_critic": 1}  # Heusel et al. 2017: D learns faster
GLYPH_OPS = ["translation", "cutout"]
CANDIDATES: dict[str, dict] = {
    "default": {"augment": GLYPH_OPS, "augment_p": "auto"},  # params.yaml as it is
    "baseline": {"lr_g": 3e-4, "lr_d": 3e-4, "betas": (0.5, 0.9), "n_critic": 2},  # the recipe before the sweep
    "adam2e-4-b0": {"lr_g": 2e-4, "lr_d": 2e-4, "betas": (0.0, 0.9), "n_critic": 1},
    "ttur": TTUR,
    "dcgan-bce": {"model": "dcgan", "lr_g": 2e-4, "lr_d": 2e-4, "betas": (0.5, 0.999), "n_critic": 1},
    "ttur-w24": {**TTUR, "width": 24},
    "ttur-b64": {**TTUR, "batch_size": 64},
    "ttur-aug-p05": {**TTUR, "augment": GLYPH_OPS, "augment_p": 0.5},
    "ttur-aug-p1": {**TTUR, "augment": GLYPH_OPS, "augment_p": 1.0},
    "ttur-ada": {**TTUR, "augment": GLYPH_OPS, "augment_p": "auto"},
    "ttur-lr2": {"lr_g": 2e-4, "lr_d": 8e-4, "betas": (0.0, 0.9), "n_critic": 1},
}


def run_candidate(name: str, overrides: dict, *, base, steps: int, samples: int, work: Path) -> dict:
    settings = dataclasses.replace(
        base, **{"augment": [], **overrides},
        models_dir=str(work / name / "models"), reports_dir=str(work / name / "reports"),
        eval_every=0, sample_every=10**9, checkpoint_every=10**9, log_every=10, resume=True,
    )
    start = time.perf_counter()
    stage.run(dataclasses.replace(settings, steps=steps, resume=False), progress=False)
    seconds = time.perf_counter() - start

    data = load_training_set(settings.data)
    runtime = resolve_runtime(device="cpu", amp="off", channels_last=False)
    spec = model_spec(settings, image_size=data.images.shape[-1], num_classes=len(data.classes))
    evaluator = TrainingEvaluator(make_family(spec, settings), real_images=data.images, count=samples, seed=settings.seed,
                                  classifier=settings.classifier, runtime=runtime, cache_dir=work / "cache")
    generator, _ = load_generator(Path(settings.models_dir) / "generator.pt")
    scored = evaluator(generator)
    return {"name": name, "overrides": {k: list(v) if isinstance(v, tuple) else v for k, v in overrides.items()},
            "steps": steps, "train_seconds": round(seconds, 1), "fid": round(scored.fid, 2),
            "conditional_accuracy": scored.conditional_accuracy, "n": scored.count, "steps_per_s": round(steps / seconds, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1500, help="generator steps per candidate")
    parser.add_argument("--samples", type=int, default=1000, help="images per side for FID and accuracy")
    parser.add_argument("--only", nargs="*", help="candidate names (default: all)")
    parser.add_argument("--list", action="store_true", help="print the candidates and exit")
    parser.add_argument("--work", default="/tmp/calligan-sweep", help="scratch folder for the runs")
    args = parser.parse_args()
    if args.list:
        for name, overrides in CANDIDATES.items():
            print(f"{name:16s} {overrides}")
        return
    torch.set_num_threads(torch.get_num_threads())
    base = load_params("params.yaml").train
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "recipe_sweep.json"
    rows = json.loads(out.read_text()) if out.is_file() else []
    for name in args.only or list(CANDIDATES):
        row = run_candidate(name, CANDIDATES[name], base=base, steps=args.steps, samples=args.samples,
                            work=Path(args.work))
        rows.append(row)
        out.write_text(json.dumps(rows, indent=2))
        print(f"{name:16s} steps {row['steps']:5d}  {row['train_seconds']:6.0f} s  FID {row['fid']:7.2f}  "
              f"acc {row['conditional_accuracy']}  (N={row['n']})", flush=True)


if __name__ == "__main__":
    main()

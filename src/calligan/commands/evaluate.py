"""`calligan evaluate`: score the generated set (FID, KID, PRDC, diversity, copies, classifier) into metrics.json."""

from __future__ import annotations

import argparse
import dataclasses

from calligan.commands import with_flags
from calligan.config import Params

NAME = "evaluate"
HELP = ("score data/generated against the real data: FID (+ real-vs-real floor), KID, precision/recall/"
        "density/coverage, pairwise SSIM, near-duplicates, memorisation, classifier scores -> reports/metrics.json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", help="metrics file (overrides evaluate.out)")


def run(config: Params, args: argparse.Namespace) -> int:
    from calligan.device import describe_device, resolve_device
    from calligan.evaluate import stage  # torch and the metrics load only when this stage runs
    from calligan.evaluate.outputs import write_metrics

    config = dataclasses.replace(config, evaluate=with_flags(config.evaluate, args, ("out",)))
    # Both devices are checked before the first image is scored, the classifier's only when it is used.
    device = resolve_device(config.evaluate.device, setting="evaluate.device")
    if config.evaluate.classifier:
        resolve_device(config.classifier.device, setting="classifier.device")
    print(f"calligan evaluate: {describe_device(device, precision='float32')}", flush=True)
    metrics = stage.run(config, progress=not args.no_progress)
    write_metrics(config.evaluate.out, metrics)
    summary = metrics["summary"]
    print(f"calligan evaluate: FID {summary['fid']:.2f} (real-vs-real floor {summary['fid_floor']:.2f}), "
          f"KID {summary['kid']:.4f}; {summary['note']}; written to {config.evaluate.out}, its headline beside it")
    return 0

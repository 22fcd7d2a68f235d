"""`calligan classifier`: train the small CNN on the real prepared characters, with a test split."""

from __future__ import annotations

import argparse
import time

from calligan.commands import with_flags
from calligan.config.params import Params

NAME = "classifier"
HELP = "train a small CNN on the real prepared images (for coverage, CAS and augmentation scores)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", help="prepared dataset.npz (default: classifier.data)")
    parser.add_argument("--model", help="where to write classifier.pt (default: classifier.model)")
    parser.add_argument("--report", help="where to write classifier.json (default: classifier.report)")


def run(config: Params, args: argparse.Namespace) -> int:
    from calligan.classifier import stage  # torch is imported only when this stage runs

    params = with_flags(config.classifier, args, ("data", "model", "report"))
    started = time.perf_counter()
    report = stage.run(params, progress=not args.no_progress)
    print(f"classifier: test accuracy {report['test_accuracy']:.3f} in {time.perf_counter() - started:.0f} s "
          f"-> {params.model}, {params.report}")
    return 0

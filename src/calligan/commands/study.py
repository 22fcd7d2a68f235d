"""`calligan study <action>`: one step of one (k, seed) run of the augmentation study, or its summary.

studies/augmentation/dvc.yaml runs them in order for every k and seed of the `study:` group, with
`calligan train` and `calligan evaluate` in between for the run's GAN.
"""

from __future__ import annotations

import argparse
import importlib

from calligan.config import Params
from calligan.errors import CalliganError
from calligan.study.paths import run_paths

NAME = "study"
HELP = ("the augmentation study: subset (k real images per class), generate (the run's GAN's images), classify "
        "(five classifiers tested on the held-out images), summary (the table and plot in study.reports)")
# Each action's library module is imported by name when it runs, so its dvc.yaml stage depends on that
# module's code alone (tests/test_dvc_yaml.py walks the imports from calligan.study.<action>).
ACTIONS = ("subset", "generate", "classify", "summary")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=ACTIONS, help="what to run")
    parser.add_argument("--k", type=int, help="real images per class of the run (subset, generate, classify)")
    parser.add_argument("--seed", type=int, help="the run's seed (subset, generate, classify)")


def run(config: Params, args: argparse.Namespace) -> int:
    module = importlib.import_module(f"calligan.study.{args.action}")
    study = config.study
    if args.action == "summary":
        paths = module.write_summary(study)
        runs = len(study.k) * len(study.seeds)
        print(f"calligan study summary: {runs} run{'s' * (runs > 1)} -> {paths.markdown}, {paths.table}, "
              f"{paths.metrics}, {paths.plot}")
        return 0
    if args.k is None or args.seed is None:
        raise CalliganError(f"study {args.action} needs the run: --k K --seed S (e.g. --k {study.k[0]} "
                            f"--seed {study.seeds[0]})")
    if args.k < 1 or args.seed < 0:
        raise CalliganError(f"--k must be at least 1 and --seed 0 or more, got --k {args.k} --seed {args.seed}")
    run_name = f"k={args.k} seed={args.seed}"
    if args.action == "subset":
        record = module.write_subset(study, k=args.k, seed=args.seed)
        print(f"calligan study subset: {run_name}: {record['n_images']} training images of {record['n_classes']} "
              f"classes -> {run_paths(study, k=args.k, seed=args.seed).subset_dir}")
    elif args.action == "generate":
        result = module.generate_run(config.generate, study, k=args.k, seed=args.seed, progress=not args.no_progress)
        print(f"calligan study generate: {run_name}: {result.count} images ({study.generated_per_class} per class) "
              f"-> {result.raw}, {result.images}")
    else:
        result = module.classify_run(study, config.classifier, k=args.k, seed=args.seed,
                                     progress=not args.no_progress)
        scores = ", ".join(f"{name} {arm['accuracy']:.3f}" for name, arm in result["arms"].items())
        print(f"calligan study classify: {run_name}: held-out accuracy {scores} ({result['steps']} steps each) "
              f"-> {run_paths(study, k=args.k, seed=args.seed).arms}")
    return 0

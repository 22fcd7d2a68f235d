"""`calligan classifier`: train the small CNN on the real prepared characters, with a held-out split."""

from __future__ import annotations

import dataclasses
import json
import os
import time

import numpy as np
import torch

from calligan.classifier.checkpoint import save_classifier
from calligan.classifier.fit import accuracy, fit_classifier
from calligan.classifier.split import stratified_split
from calligan.classifier.stage import recipe_of
from calligan.device import resolve_device
from calligan.io.images import load_image_pack
from calligan.config.params import Params
from calligan.errors import CalliganError
from calligan.io.atomic import atomic_write_text

NAME = "classifier"
HELP = "train a small CNN on the real prepared images (for coverage, CAS and augmentation scores)"


def add_arguments(parser) -> None:
    parser.add_argument("--data", help="prepared dataset.npz (default: classifier.data)")
    parser.add_argument("--model", help="where to write classifier.pt (default: classifier.model)")
    parser.add_argument("--report", help="where to write classifier.json (default: classifier.report)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar (logs, CI)")


def run(params: Params, args) -> int:
    flags = {name: getattr(args, name) for name in ("data", "model", "report") if getattr(args, name)}
    p = dataclasses.replace(params.classifier, **flags)
    device = resolve_device(p.device, setting="classifier.device")
    torch.set_num_threads(p.threads or len(os.sched_getaffinity(0)))
    real = load_image_pack(p.data, what="prepared dataset", fix="run `calligan prepare` first")
    if "labels" not in real or "classes" not in real:
        raise CalliganError(f"{p.data}: no `labels`/`classes`; the classifier needs a labelled dataset")
    images, labels, classes = real["images"], real["labels"].astype(np.int64), [str(c) for c in real["classes"]]
    train_idx, test_idx = stratified_split(labels, test_fraction=p.test_fraction, seed=p.seed)
    recipe = recipe_of(p)
    print(f"classifier: {len(train_idx)} training, {len(test_idx)} held-out images, {len(classes)} classes, {device}")
    start = time.perf_counter()
    model = fit_classifier(
        images=images[train_idx],
        labels=labels[train_idx],
        n_classes=len(classes),
        recipe=recipe,
        device=device,
        progress=not args.no_progress,
    )
    test_accuracy = accuracy(model, images[test_idx], labels[test_idx])
    save_classifier(
        p.model,
        model=model,
        recipe=recipe,
        classes=classes,
        test_indices=test_idx,
        test_fraction=p.test_fraction,
        labels=labels,
    )
    summary = {
        "test_accuracy": test_accuracy,
        "chance_accuracy": 1.0 / len(classes),
        "n_train": int(len(train_idx)),
        "n_test": int(len(test_idx)),
        "n_classes": len(classes),
        "test_fraction": p.test_fraction,
        "seed": p.seed,
    }
    atomic_write_text(p.report, json.dumps(summary, indent=2) + "\n")
    print(f"classifier: held-out accuracy {test_accuracy:.3f} in {time.perf_counter() - start:.0f} s -> {p.model}, {p.report}")
    return 0

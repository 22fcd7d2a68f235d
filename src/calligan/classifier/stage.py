"""The classifier stage: from params and the prepared dataset to a trained classifier and its report."""

from __future__ import annotations

import json
import os

import numpy as np
import torch

from calligan.classifier.checkpoint import save_classifier
from calligan.classifier.fit import FitRecipe, accuracy, fit_classifier
from calligan.classifier.split import stratified_split
from calligan.config.classifier import ClassifierParams
from calligan.device import resolve_device
from calligan.errors import CalliganError
from calligan.io.atomic import atomic_write_text
from calligan.io.images import load_image_pack


def recipe_of(params: ClassifierParams) -> FitRecipe:
    return FitRecipe(
        width=params.width,
        input_size=params.input_size,
        epochs=params.epochs,
        batch_size=params.batch_size,
        lr=params.lr,
        weight_decay=params.weight_decay,
        seed=params.seed,
    )


def run(params: ClassifierParams, *, progress: bool = True) -> dict:
    """Fit the classifier on `params.data` with a stratified test split, write `params.model` and
    the report `params.report`, and return that report (test accuracy, chance, split sizes).

    progress: show a tqdm bar over the optimiser steps.
    """
    device = resolve_device(params.device, setting="classifier.device")
    torch.set_num_threads(params.threads or len(os.sched_getaffinity(0)))
    real = load_image_pack(params.data, what="prepared dataset", fix="run `calligan prepare` first")
    if "labels" not in real or "classes" not in real:
        raise CalliganError(f"{params.data}: no `labels`/`classes`; the classifier needs a labelled dataset")
    images, labels, classes = real["images"], real["labels"].astype(np.int64), [str(c) for c in real["classes"]]
    train_idx, test_idx = stratified_split(labels, test_fraction=params.test_fraction, seed=params.seed)
    recipe = recipe_of(params)
    print(f"classifier: {len(train_idx)} training, {len(test_idx)} test images, {len(classes)} classes, {device}")
    model = fit_classifier(
        images=images[train_idx],
        labels=labels[train_idx],
        n_classes=len(classes),
        recipe=recipe,
        device=device,
        progress=progress,
    )
    test_accuracy = accuracy(model, images[test_idx], labels[test_idx])
    save_classifier(
        params.model,
        model=model,
        recipe=recipe,
        classes=classes,
        test_indices=test_idx,
        test_fraction=params.test_fraction,
        labels=labels,
    )
    report = {
        "test_accuracy": test_accuracy,
        "chance_accuracy": 1.0 / len(classes),
        "n_train": int(len(train_idx)),
        "n_test": int(len(test_idx)),
        "n_classes": len(classes),
        "test_fraction": params.test_fraction,
        "seed": params.seed,
    }
    atomic_write_text(params.report, json.dumps(report, indent=2) + "\n")
    return report

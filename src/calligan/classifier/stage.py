"""From params and files to a trained classifier or to scores: what `classifier` and `evaluate` share."""

from __future__ import annotations

import os

import numpy as np

from calligan.classifier.checkpoint import load_classifier, recorded_split
from calligan.classifier.fit import FitRecipe, predict_proba
from calligan.classifier.scores import classifier_scores
from calligan.config.classifier import ClassifierParams
from calligan.device import resolve_device
from calligan.io.images import load_image_pack
from calligan.report.classes import plot_class_counts


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


def score_generated(
    *, params: ClassifierParams, generated: str | os.PathLike, classes_plot: str | os.PathLike | None = None
) -> dict:
    """`classifier_scores` of the images in `generated` against the classifier's recorded real split.

    The generated file's `labels`, when present, are taken as the intended (conditional) labels.
    classes_plot: also draw the predicted-class counts there (e.g. reports/classes.png).
    """
    device = resolve_device(params.device, setting="classifier.device")
    model, payload = load_classifier(params.model, device=device)
    real = load_image_pack(params.data, what="prepared dataset", fix="run `calligan prepare`")
    fake = load_image_pack(generated, what="generated images", fix="run `calligan generate`")
    train_idx, test_idx = recorded_split(payload, real["labels"])
    if classes_plot is not None:
        predicted = predict_proba(model, fake["images"]).argmax(axis=1)
        counts = np.bincount(predicted, minlength=len(payload["classes"]))
        plot_class_counts(classes_plot, counts=counts, min_count=params.min_count)
    return classifier_scores(
        model,
        fake["images"],
        fake.get("labels"),
        (real["images"][train_idx], real["labels"][train_idx]),
        (real["images"][test_idx], real["labels"][test_idx]),
        recipe=payload["recipe"],
        min_count=params.min_count,
        confidence=params.confidence,
        augment_k=params.augment_k,
        augment_epochs=params.augment_epochs,
        device=device,
    )

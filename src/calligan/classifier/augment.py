"""Augmentation gain with a generator that learned every training image: an upper bound of what generated
images add to k real images per class, not the few-shot answer (that is the augmentation study's,
studies/augmentation/dvc.yaml, whose generators learn the k images alone)."""

from __future__ import annotations

import numpy as np

from calligan.classifier.fit import FitRecipe, accuracy, fit_classifier, steps_for
from calligan.classifier.split import per_class_subset


def augmentation_gain(
    *,
    real_train: tuple[np.ndarray, np.ndarray],
    generated_images: np.ndarray,
    generated_labels: np.ndarray,
    real_test: tuple[np.ndarray, np.ndarray],
    n_classes: int,
    k: int,
    epochs: int,
    recipe: FitRecipe,
    device: str = "cpu",
) -> dict:
    """Real test accuracy of k real per class versus k real + up to k generated per class.

    k: images per class drawn (seeded) from each pool; epochs: passes over the k-real arm, which
    fixes the optimiser steps of BOTH arms, and both start from the same weights, so any gain comes
    from the generated images rather than from a longer run.
    """
    real_idx = per_class_subset(real_train[1], k=k, seed=recipe.seed)
    gen_idx = per_class_subset(generated_labels, k=k, seed=recipe.seed)
    steps = steps_for(n_images=len(real_idx), epochs=epochs, batch_size=recipe.batch_size)
    arms = {
        "real_only": (real_train[0][real_idx], real_train[1][real_idx]),
        "real_plus_generated": (
            np.concatenate([real_train[0][real_idx], generated_images[gen_idx]]),
            np.concatenate([real_train[1][real_idx], np.asarray(generated_labels)[gen_idx]]),
        ),
    }
    scores = {}
    for name, (images, labels) in arms.items():
        model = fit_classifier(
            images=images, labels=labels, n_classes=n_classes, recipe=recipe, steps=steps, device=device
        )
        scores[f"{name}_accuracy"] = accuracy(model, *real_test)
    return {
        "k_per_class": int(k),
        "n_real": int(len(real_idx)),
        "n_generated": int(len(gen_idx)),
        "steps": int(steps),
        **scores,
        "accuracy_gain": scores["real_plus_generated_accuracy"] - scores["real_only_accuracy"],
        "n_test": int(len(real_test[1])),
    }

"""Classification Accuracy Score: learn the classes from generated images only, test on real ones."""

from __future__ import annotations

import numpy as np

from calligan.classifier.fit import FitRecipe, accuracy, fit_classifier


def classification_accuracy_score(
    *,
    generated_images: np.ndarray,
    generated_labels: np.ndarray,
    real_test: tuple[np.ndarray, np.ndarray],
    n_classes: int,
    recipe: FitRecipe,
    device: str = "cpu",
) -> dict:
    """Real test accuracy of a classifier trained, with `recipe`, on the labelled generated images.

    Compare with the real-data classifier's accuracy (same recipe): the gap is what the generator
    fails to teach about each class (Ravuri & Vinyals 2019).
    """
    model = fit_classifier(
        images=generated_images, labels=generated_labels, n_classes=n_classes, recipe=recipe, device=device
    )
    return {
        "cas_accuracy": accuracy(model, *real_test),
        "n_train": int(len(generated_images)),
        "n_test": int(len(real_test[1])),
    }

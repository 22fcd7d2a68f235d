import numpy as np
import pytest

from calligan.classifier.augment import augmentation_gain


def _gain(shapes, recipe, images, labels, k=4):
    return augmentation_gain(
        real_train=shapes["train"], generated_images=images, generated_labels=labels,
        real_test=shapes["test"], n_classes=shapes["n_classes"], k=k, epochs=4, recipe=recipe,
    )


def test_no_generated_images_means_identical_arms(shapes, recipe):
    images = shapes["train"][0][:0]
    result = _gain(shapes, recipe, images, np.zeros(0, dtype=np.int64))
    assert result["n_generated"] == 0
    assert result["real_plus_generated_accuracy"] == result["real_only_accuracy"]
    assert result["accuracy_gain"] == 0.0


def test_both_arms_run_the_same_steps_on_k_per_class(shapes, recipe):
    fresh_images, fresh_labels = shapes["train"][0][::-1], shapes["train"][1][::-1]
    result = _gain(shapes, recipe, fresh_images, fresh_labels)
    n = shapes["n_classes"]
    assert (result["n_real"], result["n_generated"], result["k_per_class"]) == (4 * n, 4 * n, 4)
    assert result["steps"] == 3  # ceil(4 epochs x 20 real images / batch 32), on both arms
    assert result["accuracy_gain"] == pytest.approx(result["real_plus_generated_accuracy"] - result["real_only_accuracy"])
    assert result["n_test"] == len(shapes["test"][1])

"""Tiny labelled data a tiny CNN learns in seconds: five classes of outlined shapes at 32 px."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from calligan.classifier.fit import FitRecipe, fit_classifier
from calligan.classifier.split import stratified_split

N_CLASSES = 5


def draw_shapes(*, per_class: int, seed: int, size: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """circle, square, plus, x and triangle, each jittered in place, size and stroke width."""
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for cls in range(N_CLASSES):
        for _ in range(per_class):
            img = np.zeros((size, size), np.uint8)
            cx, cy = (size // 2 + int(d) for d in rng.integers(-3, 4, size=2))
            r, t = int(rng.integers(6, 11)), int(rng.integers(1, 3))
            if cls == 0:
                cv2.circle(img, (cx, cy), r, 255, t)
            elif cls == 1:
                cv2.rectangle(img, (cx - r, cy - r), (cx + r, cy + r), 255, t)
            elif cls == 2:
                cv2.line(img, (cx - r, cy), (cx + r, cy), 255, t)
                cv2.line(img, (cx, cy - r), (cx, cy + r), 255, t)
            elif cls == 3:
                cv2.line(img, (cx - r, cy - r), (cx + r, cy + r), 255, t)
                cv2.line(img, (cx - r, cy + r), (cx + r, cy - r), 255, t)
            else:
                corners = np.array([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], np.int32)
                cv2.polylines(img, [corners], True, 255, t)
            images.append(img)
            labels.append(cls)
    return np.stack(images), np.array(labels, dtype=np.int64)


@pytest.fixture(autouse=True)
def _tiny_nets(one_torch_thread):
    """Every test here trains or runs nets far too small to gain from threads."""


@pytest.fixture(scope="session")
def recipe() -> FitRecipe:
    return FitRecipe(width=8, input_size=16, epochs=12, batch_size=32, lr=1e-2, weight_decay=5e-4, seed=0)


@pytest.fixture(scope="session")
def shapes() -> dict:
    """Shapes with a stratified 20 % hold-out: train/test (images, labels) pairs."""
    images, labels = draw_shapes(per_class=40, seed=0)
    train_idx, test_idx = stratified_split(labels, test_fraction=0.2, seed=0)
    return {
        "images": images,
        "labels": labels,
        "train": (images[train_idx], labels[train_idx]),
        "test": (images[test_idx], labels[test_idx]),
        "test_idx": test_idx,
        "n_classes": N_CLASSES,
    }


@pytest.fixture(scope="session")
def trained(shapes, recipe):
    return fit_classifier(images=shapes["train"][0], labels=shapes["train"][1], n_classes=N_CLASSES, recipe=recipe)

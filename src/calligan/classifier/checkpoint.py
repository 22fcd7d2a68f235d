"""`classifier.pt`: weights, the network spec, the fit recipe and the recorded real-data split."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import torch

from calligan.classifier.fit import FitRecipe
from calligan.classifier.net import SmallCNN
from calligan.classifier.split import labels_fingerprint
from calligan.errors import CalliganError
from calligan.io.atomic import atomic_path
from calligan.io.torch_files import safe_load


def save_classifier(
    path: str | os.PathLike,
    *,
    model: SmallCNN,
    recipe: FitRecipe,
    classes: list[str],
    test_indices: np.ndarray,
    test_fraction: float,
    labels: np.ndarray,
) -> None:
    """Write atomically a file `torch.load(..., weights_only=True)` reads back.

    test_indices: the test images (indices into the dataset); labels: the dataset's labels,
    fingerprinted so a later reader notices a changed dataset.
    """
    payload = {
        "state_dict": {name: t.detach().cpu() for name, t in model.state_dict().items()},
        "recipe": dataclasses.asdict(recipe),
        "classes": list(classes),
        "split": {
            "test_fraction": float(test_fraction),
            "seed": recipe.seed,
            "test_indices": torch.from_numpy(np.asarray(test_indices, dtype=np.int64)),
            "n_images": int(len(labels)),
            "labels_sha1": labels_fingerprint(labels),
        },
    }
    with atomic_path(path) as tmp:
        torch.save(payload, tmp)


def load_classifier(path: str | os.PathLike, *, device: str = "cpu") -> tuple[SmallCNN, dict]:
    """(model in eval mode on `device`, the saved payload with `recipe` as a FitRecipe)."""
    if not os.path.exists(path):
        raise CalliganError(f"{path}: classifier not found; train it first with `calligan classifier`")
    payload = safe_load(path, map_location="cpu", what="the classifier (retrain it with `calligan classifier`)")
    recipe = FitRecipe(**payload["recipe"])
    model = SmallCNN(n_classes=len(payload["classes"]), width=recipe.width, input_size=recipe.input_size)
    model.load_state_dict(payload["state_dict"])
    return model.to(device).eval(), {**payload, "recipe": recipe}


def recorded_split(payload: dict, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(train_indices, test_indices) the classifier was trained with, checked against `labels`."""
    split = payload["split"]
    if split["n_images"] != len(labels) or split["labels_sha1"] != labels_fingerprint(labels):
        raise CalliganError(
            "the prepared dataset changed since the classifier was trained; rerun `calligan classifier`"
        )
    test_idx = split["test_indices"].numpy()
    return np.setdiff1d(np.arange(len(labels)), test_idx), test_idx

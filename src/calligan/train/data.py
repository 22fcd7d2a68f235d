"""The prepared training set as raw arrays: uint8 images (ink bright) stay uint8 until a batch is cut."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from calligan.errors import CalliganError


@dataclass(frozen=True)
class TrainingSet:
    images: np.ndarray  # uint8 [N, S, S], ink 255 on 0
    labels: np.ndarray  # int64 [N], indices into classes
    classes: list[str]

    @property
    def image_size(self) -> int:
        return int(self.images.shape[-1])


def load_training_set(path: str | os.PathLike) -> TrainingSet:
    path = Path(path)
    if not path.is_file():
        raise CalliganError(f"{path}: prepared dataset not found; run `calligan prepare` first or set train.data")
    try:
        with np.load(path, allow_pickle=False) as npz:
            images, labels, classes = npz["images"], npz["labels"], npz["classes"]
    except (KeyError, ValueError, OSError) as exc:
        raise CalliganError(f"{path}: not a prepared dataset (needs images, labels, classes): {exc}") from None
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1] != images.shape[2]:
        raise CalliganError(f"{path}: images must be uint8 [N, S, S], got {images.dtype} {images.shape}; "
                            "rerun `calligan prepare`")
    if len(labels) != len(images) or len(images) == 0:
        raise CalliganError(f"{path}: {len(images)} images but {len(labels)} labels; rerun `calligan prepare`")
    return TrainingSet(images=images, labels=labels.astype(np.int64), classes=[str(c) for c in classes])

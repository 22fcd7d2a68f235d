"""The prepared training set, checked for what the engine relies on: uint8 square images, one label each."""

from __future__ import annotations

import os

from calligan.data.dataset import PackedDataset
from calligan.errors import CalliganError


def load_training_set(path: str | os.PathLike) -> PackedDataset:
    try:
        data = PackedDataset(path)
    except (KeyError, ValueError, OSError) as exc:
        raise CalliganError(f"{path}: not a prepared dataset (needs images, labels, classes): {exc}; "
                            "rerun `calligan prepare`") from None
    images, labels = data.images, data.labels
    if images.dtype.name != "uint8" or images.ndim != 3 or images.shape[1] != images.shape[2]:
        raise CalliganError(f"{path}: images must be uint8 [N, S, S], got {images.dtype} {images.shape}; "
                            "rerun `calligan prepare`")
    if len(images) == 0 or labels.shape != (len(images),):
        raise CalliganError(f"{path}: {len(images)} images but labels of shape {labels.shape}; rerun `calligan prepare`")
    return data

"""The packed training set: written by the prepare stage, read back as arrays. No torch here: the
stages that only write or subset packs do not load it (`data.tensors` maps packs to the networks' range)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from calligan.errors import CalliganError
from calligan.io.npz import RawArray, save_npz


def write_pack(path: Path, *, images: np.ndarray | RawArray, labels: np.ndarray, classes: list[str]) -> None:
    """A packed set: images uint8 (N, S, S), labels int64 (N,), classes (sorted unicode names)."""
    save_npz(path, {"images": images, "labels": labels.astype(np.int64), "classes": np.array(classes, dtype=np.str_)})


class PackedDataset:
    """`dataset.npz` (or a `reference_<R>.npz`) from the prepare stage.

    `images` (uint8 N,S,S), `labels` (int64 N) and `classes` (names) are arrays, so a trainer moves
    the whole set to the device at once with `data.tensors.to_unit_range(dataset.images)`.
    """

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        if not path.is_file():
            raise CalliganError(f"{path} does not exist; run `calligan prepare` first")
        with np.load(path, allow_pickle=False) as packed:
            self.images: np.ndarray = packed["images"]
            self.labels: np.ndarray = packed["labels"]
            self.classes: list[str] = [str(name) for name in packed["classes"]]

    def __len__(self) -> int:
        return len(self.images)

"""The packed training set: written by the prepare stage, read as a torch Dataset with pixels mapped to
[-1, 1] (background -1, ink +1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch.utils.data import Dataset

from calligan.errors import CalliganError
from calligan.io.npz import RawArray, save_npz


def write_pack(path: Path, *, images: np.ndarray | RawArray, labels: np.ndarray, classes: list[str]) -> None:
    """A packed set: images uint8 (N, S, S), labels int64 (N,), classes (sorted unicode names)."""
    save_npz(path, {"images": images, "labels": labels.astype(np.int64), "classes": np.array(classes, dtype=np.str_)})


def to_unit_range(images: np.ndarray | torch.Tensor) -> torch.Tensor:
    """uint8 0..255 to float32 -1..1 exactly (x / 127.5 - 1); a channel axis is added after the batch."""
    tensor = torch.as_tensor(images).to(torch.float32)
    return (tensor / 127.5 - 1.0).unsqueeze(-3)


def to_uint8(images: torch.Tensor) -> torch.Tensor:
    """The inverse of `to_unit_range`: [B, 1, S, S] in [-1, 1] -> uint8 [B, S, S], clamped and rounded."""
    return images[:, 0].clamp(-1, 1).add(1).mul(127.5).round().to(torch.uint8)


class PackedDataset(Dataset):
    """`dataset.npz` (or a `reference_<R>.npz`) from the prepare stage.

    `images` (uint8 N,S,S), `labels` (int64 N) and `classes` (names) are exposed as arrays so a
    trainer can move the whole set to the device at once with `to_unit_range(dataset.images)`.
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

    def __getitem__(self, index: int) -> tuple[torch.Tensor, int]:
        return to_unit_range(self.images[index]), int(self.labels[index])

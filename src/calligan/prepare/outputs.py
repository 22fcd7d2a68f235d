"""What the prepare stage writes beside the packed dataset: the manifest, the summary, the per-class
counts and the rejects sheet, each file atomically; and the spool the other reference sizes' packs grow
in meanwhile."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import BinaryIO

import cv2
import numpy as np
import pandas as pd
from skimage.util import montage

from calligan.io.atomic import atomic_path, atomic_write_bytes, atomic_write_text
from calligan.io.npz import RawArray
from calligan.prepare.holdout import TRAIN

MANIFEST_COLUMNS = ["path", "label", "split", "subset", "status", "reason", "width", "height", "ink_ratio", "duplicate_of"]
_CAPTION = 18  # pixels of caption strip under each tile of the rejects sheet
_COLUMNS = 12  # tiles per row of the rejects sheet


def pack_name(subset: str, *, size: int | None = None) -> str:
    """The packed images of `subset` ("train" or "heldout"): `dataset.npz` / `heldout.npz` at the training
    size, `reference_<size>.npz` / `heldout_<size>.npz` at a reference size."""
    if size is None:
        return "dataset.npz" if subset == TRAIN else f"{subset}.npz"
    return f"reference_{size}.npz" if subset == TRAIN else f"{subset}_{size}.npz"


def write_manifest(path: Path, rows: list[dict]) -> None:
    """One row per input file, sorted by path, fixed number formats so equal runs give equal bytes."""
    table = pd.DataFrame(rows, columns=MANIFEST_COLUMNS).sort_values("path", kind="stable")
    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=False, float_format="%.6f", lineterminator="\n", encoding="utf-8")


def write_summary(out: Path, summary: dict) -> None:
    """`summary.json`, the totals (a DVC metric: `dvc exp show` compares runs by it), and `classes.json`,
    the summary's per-class counts (a plain output: one class is two columns of that table)."""
    totals = {key: value for key, value in summary.items() if key != "class"}
    for name, part in (("summary.json", totals), ("classes.json", summary["class"])):
        atomic_write_text(out / name, json.dumps(part, indent=2, ensure_ascii=False, sort_keys=True) + "\n")


def write_rejects_sheet(path: Path, samples: list[tuple[str, np.ndarray]]) -> None:
    """`rejects.png`, for a person to review in seconds: one captioned tile per (reason, square preview),
    in the given order; a note when there are none."""
    if not samples:
        sheet = np.zeros((40, 320), np.uint8)
        cv2.putText(sheet, "no rejected samples", (8, 26), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 255, 1, cv2.LINE_AA)
    else:
        tiles = np.stack([_tile(reason, preview) for reason, preview in samples])
        columns = min(_COLUMNS, len(tiles))
        rows = -(-len(tiles) // columns)
        sheet = montage(tiles, grid_shape=(rows, columns), fill=64, padding_width=2).astype(np.uint8)
    ok, png = cv2.imencode(".png", sheet)
    if not ok:
        raise RuntimeError("OpenCV could not encode the rejects sheet")
    atomic_write_bytes(path, png.tobytes())


def _tile(reason: str, preview: np.ndarray) -> np.ndarray:
    caption = np.full((_CAPTION, preview.shape[1]), 40, np.uint8)
    (width, _), _ = cv2.getTextSize(reason, cv2.FONT_HERSHEY_SIMPLEX, 1.0, 1)
    scale = min(0.45, (preview.shape[1] - 6) / max(width, 1))  # the whole reason fits under its tile
    cv2.putText(caption, reason, (3, _CAPTION - 5), cv2.FONT_HERSHEY_SIMPLEX, scale, 255, 1, cv2.LINE_AA)
    return np.vstack([preview, caption])


class ImageSpool:
    """A growing (N, side, side) uint8 stack on disk; 40,000 images at 128 px would be 655 MB held."""

    def __init__(self, *, side: int, folder: Path) -> None:
        """side: the images' side. folder: where the file lives (unnamed, gone when closed); made only
        once an image comes, so a run that keeps nothing leaves no folder behind."""
        self._side = side
        self._folder = folder
        self._file: BinaryIO | None = None
        self.count = 0

    def append(self, image: np.ndarray) -> None:
        if image.shape != (self._side, self._side) or image.dtype != np.uint8:
            raise ValueError(f"expected a {self._side}x{self._side} uint8 image, got {image.shape} {image.dtype}")
        self._opened().write(np.ascontiguousarray(image).data)
        self.count += 1

    def raw(self) -> RawArray:
        """The stack so far, for `save_npz`."""
        file = self._opened()
        file.flush()
        return RawArray(file, (self.count, self._side, self._side), np.dtype(np.uint8))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def _opened(self) -> BinaryIO:
        if self._file is None:
            self._folder.mkdir(parents=True, exist_ok=True)
            self._file = tempfile.TemporaryFile(dir=self._folder)
        return self._file

    def __enter__(self) -> "ImageSpool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

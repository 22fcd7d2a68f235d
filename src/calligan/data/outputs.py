"""Writers of the prepare stage's outputs; each file is written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from calligan.io.atomic import atomic_path, atomic_write_text
from calligan.io.npz import RawArray, save_npz

MANIFEST_COLUMNS = ["path", "label", "split", "status", "reason", "width", "height", "ink_ratio", "duplicate_of"]


def write_pack(path: Path, *, images: np.ndarray | RawArray, labels: np.ndarray, classes: list[str]) -> None:
    """A packed set: images uint8 (N, S, S), labels int64 (N,), classes (sorted unicode names)."""
    save_npz(path, {"images": images, "labels": labels.astype(np.int64), "classes": np.array(classes, dtype=np.str_)})


def write_manifest(path: Path, rows: list[dict]) -> None:
    """One row per input file, sorted by path, fixed number formats so equal runs give equal bytes."""
    table = pd.DataFrame(rows, columns=MANIFEST_COLUMNS).sort_values("path", kind="stable")
    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=False, float_format="%.6f", lineterminator="\n", encoding="utf-8")


def write_summary(path: Path, summary: dict) -> None:
    atomic_write_text(path, json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n")

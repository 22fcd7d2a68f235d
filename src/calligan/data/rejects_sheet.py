"""`rejects.png`: rejected pages with their reasons, for a person to review in seconds."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from skimage.util import montage

from calligan.io.atomic import atomic_write_bytes

_CAPTION = 18  # pixels of caption strip under each tile
_COLUMNS = 12


def write_rejects_sheet(path: Path, samples: list[tuple[str, np.ndarray]]) -> None:
    """One captioned tile per (reason, square preview), in the given order; a note when there are none."""
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

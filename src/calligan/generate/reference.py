"""The real images at the export size that generate imitates: their gray levels, their stroke widths."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from calligan.io.images import load_image_pack


def load_reference(path: str | Path, *, size: int) -> np.ndarray:
    """path: an .npz whose `images` are the real uint8 (N, size, size) images, ink bright on dark."""
    return load_image_pack(
        path,
        what="reference images",
        fix="run `calligan prepare` with prepare.reference_sizes holding generate.export_size, or set generate.reference",
        size=size,
    )["images"]

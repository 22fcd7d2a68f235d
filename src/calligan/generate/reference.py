"""The real images the upscaled ones are matched to, reduced to their pooled gray-level histogram."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from calligan.generate.matching import level_counts
from calligan.io.images import load_image_pack


def reference_counts(path: str | Path, *, size: int) -> np.ndarray:
    """path: an .npz whose `images` are the real uint8 (N, size, size) images, ink bright on dark.

    Returns their pooled per-level pixel counts (int64, 256).
    """
    images = load_image_pack(
        path,
        what="reference images",
        fix="run `calligan prepare` with prepare.reference_sizes holding generate.export_size, or set generate.reference",
        size=size,
    )["images"]
    return level_counts(images)

"""The real images the upscaled ones are matched to, reduced to their pooled gray-level histogram."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from calligan.errors import CalliganError
from calligan.generate.matching import level_counts


def reference_counts(path: str | Path, *, size: int) -> np.ndarray:
    """path: an .npz whose `images` are the real uint8 (N, size, size) images, ink bright on dark.

    Returns their pooled per-level pixel counts (int64, 256).
    """
    path = Path(path)
    if not path.is_file():
        raise CalliganError(
            f"{path}: reference images not found; run `calligan prepare` or set generate.reference"
        )
    with np.load(path, allow_pickle=False) as archive:
        if "images" not in archive:
            raise CalliganError(f"{path}: no `images` array inside; rerun `calligan prepare`")
        images = archive["images"]
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (size, size) or not len(images):
        raise CalliganError(
            f"{path}: reference images are {images.dtype} {images.shape}, expected uint8 (N, {size}, {size}) "
            f"at generate.export_size; prepare a reference at that size or change export_size"
        )
    return level_counts(images)

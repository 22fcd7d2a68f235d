"""The real images at the export size that the upscaled ones are matched to and despeckled by."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from calligan.io.images import load_image_pack


def load_reference(path: str | Path, *, size: int) -> np.ndarray:
    """The real uint8 (N, size, size) images, ink bright on dark, of the .npz at `path`."""
    return load_image_pack(
        path,
        what="reference images",
        fix="run `calligan prepare` with prepare.reference_sizes holding generate.export_size, or set generate.reference",
        size=size,
    )["images"]

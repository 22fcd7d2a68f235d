"""The generated set export reads: `images` (ink bright on dark) plus optional `labels` and `seeds`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from calligan.errors import CalliganError
from calligan.export.polarity import border_mean, is_light_background


@dataclass(frozen=True)
class GeneratedSet:
    images: np.ndarray  # uint8 (N, S, S), ink bright on dark
    labels: np.ndarray | None  # int64 (N,): class or InfoGAN categorical code
    seeds: np.ndarray | None  # int64 (N,): the seed each image was drawn from


def load_generated(path: str | Path, *, size: int) -> GeneratedSet:
    """Read and check `path`; size: the side every image must have."""
    path = Path(path)
    if not path.is_file():
        raise CalliganError(f"{path}: generated images not found; run `calligan generate` or set export.source")
    with np.load(path, allow_pickle=False) as archive:
        if "images" not in archive:
            raise CalliganError(f"{path}: no `images` array inside; rerun `calligan generate`")
        arrays = {name: archive[name] for name in ("images", "labels", "seeds") if name in archive}
    images = arrays["images"]
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (size, size) or not len(images):
        raise CalliganError(
            f"{path}: images are {images.dtype} {images.shape}, expected uint8 (N, {size}, {size}); "
            f"generate at export.image_size (generate.export_size, with upscale) or change export.image_size"
        )
    for name in ("labels", "seeds"):
        if name in arrays and arrays[name].shape != (len(images),):
            raise CalliganError(f"{path}: `{name}` has shape {arrays[name].shape}, expected ({len(images)},)")
    if is_light_background(images):
        raise CalliganError(
            f"{path}: images have light borders (mean {border_mean(images):.0f}), i.e. dark ink on light "
            f"paper already; generate writes bright ink on dark, which export inverts"
        )
    return GeneratedSet(images=images, labels=arrays.get("labels"), seeds=arrays.get("seeds"))

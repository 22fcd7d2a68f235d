"""The generated set export reads: `images` (ink bright on dark) plus optional `labels`, `codes`, `seeds`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from calligan.errors import CalliganError
from calligan.export.polarity import border_mean, is_light_background
from calligan.io.images import load_image_pack


@dataclass(frozen=True)
class GeneratedSet:
    images: np.ndarray  # uint8 (N, S, S), ink bright on dark
    labels: np.ndarray | None  # int64 (N,): the intended class of a conditional model
    codes: np.ndarray | None  # int64 (N,): InfoGAN's categorical code, which is no class
    seeds: np.ndarray | None  # int64 (N,): the seed each image was drawn from


def load_generated(path: str | Path, *, size: int) -> GeneratedSet:
    """Read and check `path`; size: the side every image must have."""
    arrays = load_image_pack(
        path,
        what="generated images",
        fix="run `calligan generate` with generate.export_size = export.image_size, or set export.source",
        size=size,
    )
    images = arrays["images"]
    if is_light_background(images):
        raise CalliganError(
            f"{path}: images have light borders (mean {border_mean(images):.0f}), i.e. dark ink on light "
            f"paper already; generate writes bright ink on dark, which export inverts"
        )
    return GeneratedSet(images=images, labels=arrays.get("labels"), codes=arrays.get("codes"), seeds=arrays.get("seeds"))

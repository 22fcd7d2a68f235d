"""`prepare:` group: from a raw competition-layout dataset to a packed, cleaned training set."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrepareParams:
    source: str = "../shared/data/cccr-calligraphy.zip"  # zip, folder, or folder of MNIST IDX files
    out: str = "data/prepared"  # dataset.npz, manifest.csv, rejects.png, summary.json
    image_size: int = 64  # side of the square training images

    def __post_init__(self) -> None:
        if self.image_size < 8:
            raise ValueError(f"image_size must be at least 8, got {self.image_size}")

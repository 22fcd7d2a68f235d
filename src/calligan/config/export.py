"""`export:` group: from the generated images to the competition's submission archive."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportParams:
    source: str = "data/generated/images.npz"  # written by `calligan generate` (ink bright on dark)
    out: str = "submission/submission.zip"  # PNGs + manifest.csv; `<out>.sha256` is written beside it
    image_size: int = 128  # the competition's side; a source of another size is refused, not resized
    png_compression: int = 6  # zlib level 0-9 for every PNG: smaller archive against encoding time
    workers: int = 0  # PNG encoding threads; 0 = one per CPU core

    def __post_init__(self) -> None:
        if not 0 <= self.png_compression <= 9:
            raise ValueError(f"png_compression must be between 0 and 9, got {self.png_compression}")
        if self.image_size < 8:
            raise ValueError(f"image_size must be at least 8, got {self.image_size}")
        if self.workers < 0:
            raise ValueError(f"workers must be 0 (one per core) or more, got {self.workers}")

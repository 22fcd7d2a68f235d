"""`generate:` group: from a trained generator to the packed set of images a submission is made of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class GenerateParams:
    count: int = 10000  # images to make; the competition asks for 10,000
    batch_size: int = 500  # images per generator forward pass; memory, not results, depends on it
    seed: int = 0  # one seed for the whole set: same seed, same generator -> byte-identical npz files
    device: Literal["auto", "cpu", "cuda"] = "auto"  # auto takes CUDA when present
    # The seed's 64 -> 128 trick. bicubic alone blurs binary ink into gray edges (FID 107 vs 8.4 on real
    # images), so bicubic-matched then maps intensities onto the real data's histogram at export_size.
    upscale: Literal["none", "bicubic", "bicubic-matched"] = "bicubic-matched"
    export_size: int = 128  # side of the images a submission wants
    generator: str = "models/generator_best.pt"  # the lowest-FID EMA snapshot; models/generator.pt is the last
    reference: str = "data/prepared/reference_128.npz"  # real images at export_size (`images`), for matching
    out: str = "data/generated"  # images.npz (export_size) and raw.npz (the generator's own size)

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"count must be at least 1, got {self.count}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.export_size < 8:
            raise ValueError(f"export_size must be at least 8, got {self.export_size}")
        if self.seed < 0:
            raise ValueError(f"seed must be non-negative, got {self.seed}")

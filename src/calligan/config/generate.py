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
    # The seed's 64 -> 128 trick. bicubic alone blurs binary ink into gray edges (README, "generate"), so
    # bicubic-matched then maps intensities onto the real data's histogram at export_size.
    upscale: Literal["none", "bicubic", "bicubic-matched"] = "bicubic-matched"
    export_size: int = 128  # side of the images a submission wants
    generator_file: str = "models/generator_best.pt"  # the lowest-FID EMA snapshot; models/generator.pt is the last
    reference: str = "data/prepared/reference_128.npz"  # real images at export_size (`images`): their gray
    # levels for the matching, their stroke width for speck_width
    # Ink components smaller than a square this share of the reference's median stroke width on a side are
    # specks no brush makes, erased with their grey rim (0.5: under half a stroke both ways); 0: keep them
    speck_width: float = 0.5
    out: str = "data/generated"  # images.npz (export_size) and raw.npz (the generator's own size)
    # Sampling for the competition (README; benchmarks/sampling.py measures what each costs in diversity).
    truncation: float = 1.0  # psi: noise components beyond +-psi are redrawn (BigGAN's trick); 0: off
    oversample: float = 1.0  # draw round(count * oversample) images and keep the count best by `select`
    # What ranks them: critic (D's score) or classifier (its confidence in the intended class, conditional
    # models only); a conditional model keeps its class balance, each class choosing among its own images
    select: Literal["none", "critic", "classifier"] = "none"
    critic: str = "models/checkpoint.pt"  # the training checkpoint whose critic select=critic uses
    classifier: str = "models/classifier.pt"  # the real-data classifier select=classifier uses

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"count must be at least 1, got {self.count}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.export_size < 8:
            raise ValueError(f"export_size must be at least 8, got {self.export_size}")
        if self.seed < 0:
            raise ValueError(f"seed must be non-negative, got {self.seed}")
        if not 0.0 <= self.speck_width <= 1.0:
            raise ValueError(f"speck_width must lie in 0..1 (a share of the stroke width; 0: off), got {self.speck_width}")
        if self.truncation < 0:
            raise ValueError(f"truncation must be 0 (off) or a positive psi, got {self.truncation}")
        if self.oversample < 1:
            raise ValueError(f"oversample must be at least 1 (draw as many images as are kept), got {self.oversample}")
        if self.select == "none" and self.oversample > 1:
            raise ValueError(f"oversample={self.oversample} draws extra images for `select` to choose from, but "
                             "select is none; set generate.select to critic or classifier, or oversample to 1")
        if self.select != "none" and self.oversample == 1:
            raise ValueError(f"select={self.select} has nothing to choose from at oversample=1; set "
                             "generate.oversample above 1 (2: draw twice count, keep the better half)")

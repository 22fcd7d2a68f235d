"""`prepare:` group: from a raw competition-layout dataset to a packed, cleaned training set."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class DirtParams:
    """Thresholds of the dirty-sample filter; lengths are fractions of the image's shorter side."""

    speck_area: float = 0.0003  # components smaller than this fraction of the image area are paper noise, erased
    blank_ink_ratio: float = 0.001  # below this fraction of ink pixels the page counts as blank
    min_contrast: int = 40  # ink must differ from the paper by this many grey levels, else blank
    frame_min_length: float = 0.6  # a ruled line runs straight for at least this fraction of the side
    frame_max_thickness: float = 0.04  # ... and is at most this thick
    frame_edge_band: float = 0.2  # ... and lies within this band of an edge
    frame_min_lines: int = 2  # a frame needs this many such lines (one straight stroke is not a frame)
    stamp_min_side: float = 0.1  # a seal's box is at least this big
    stamp_max_aspect: float = 1.5  # ... roughly square
    stamp_min_fill: float = 0.45  # ... dense: ink over box area
    stamp_min_rectangularity: float = 0.85  # ... box-shaped: ink with holes filled over box area
    stamp_min_holes: float = 0.02  # ... and not solid: its carved or drawn text leaves this share of its outline blank
    # (a heavy square brush dot leaves none: five of cccr's six stamp rejections were such dots)
    extra_gap: float = 0.03  # components closer than this belong to the same cluster (one glyph)
    extra_min_side: float = 0.04  # an annotation glyph is at least this big (smaller is a dot)
    extra_max_rel_side: float = 0.45  # ... and at most this fraction of the main character's size
    extra_max_stroke_ratio: float = 0.7  # ... written with strokes thinner than this times the main ones
    extra_min_parts: int = 2  # ... and all such glyphs hold at least this many pieces (a lone stroke is the character's)
    duplicate_max_diff: float = 0.15  # near-equal perceptual hashes and at most this share of the ink differing


@dataclass(frozen=True)
class PrepareParams:
    source: str = "../shared/data/cccr-calligraphy.zip"  # zip, folder, or folder of MNIST IDX files
    out: str = "data/prepared"  # dataset.npz, manifest.csv, rejects.png, summary.json
    image_size: int = 64  # side of the square training images
    splits: list[str] = field(default_factory=list)  # keep only these split folders (e.g. [train]); empty = all
    limit: int = 0  # keep at most this many input files per class (path order), for smoke runs; 0 = all
    polarity: Literal["auto", "dark-ink", "light-ink"] = "auto"  # how ink looks in the source; auto = per image
    reference_sizes: list[int] = field(default_factory=lambda: [128])  # extra packs at these sizes for evaluation
    margin: float = 0.04  # blank border kept around the ink box, as a fraction of its longer side
    max_pixels: int = 40_000_000  # larger images are refused from their header, before decoding (bomb guard)
    workers: int = 0  # decoding processes; 0 = all cores, 1 = in this process
    dirt: DirtParams = field(default_factory=DirtParams)

    def __post_init__(self) -> None:
        if self.image_size < 8:
            raise ValueError(f"image_size must be at least 8, got {self.image_size}")
        if any(size < 8 for size in self.reference_sizes):
            raise ValueError(f"reference_sizes must be at least 8, got {self.reference_sizes}")
        if self.limit < 0 or self.workers < 0 or self.max_pixels < 1:
            raise ValueError("limit and workers must be >= 0 and max_pixels >= 1")
        if not 0 <= self.margin < 1:
            raise ValueError(f"margin must be in [0, 1), got {self.margin}")

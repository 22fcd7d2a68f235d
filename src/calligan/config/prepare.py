"""`prepare:` group: from a raw competition-layout dataset to a packed, cleaned training set."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class DirtParams:
    """Thresholds of the dirty-sample filter; lengths are fractions of the image's shorter side."""

    speck_area: float = 0.0003  # components smaller than this fraction of the image area are paper noise, erased
    blank_ink_ratio: float = 0.003  # below this fraction of the page in ink it counts as blank
    blank_sparse_ratio: float = 0.01  # ... and below this one too when all its ink lies in one spot:
    blank_max_extent: float = 0.15  # ... a box this small (a stray dot or smudge; a character spans more)
    min_contrast: int = 40  # ink must differ from the paper by this many grey levels, else blank
    faint_level: int = 48  # pixels this bright after levels (0-255) are faint ink: a 1 px rule or pen stroke on a 400 px
    # scan is a quarter of ink's level on the 128 px analysis copy, and blur halves that again; paper noise stays under it
    frame_min_length: float = 0.7  # a ruled line runs straight for at least this fraction of the side (the brush sides
    # of tight-cropped 同 or 国 on cccr run 0.6-0.7 in faint ink with rows joined: 0.6 rejected at least ten such pages)
    frame_max_thickness: float = 0.04  # ... and is at most this thick
    frame_edge_band: float = 0.2  # ... and lies within this band of an edge
    frame_max_skew: float = 0.008  # ... and may drift this far across the side (half a degree of scan skew: one row on the
    # 128 px copy; two rows found no more rules on the tuning seed and read one more clean page as framed)
    frame_min_lines: int = 2  # a frame needs this many such lines (one straight stroke is not a frame)
    stamp_min_side: float = 0.1  # a seal's box is at least this big
    stamp_max_side: float = 0.5  # ... at most this (a bigger box is the character itself, such as 口 or 国)
    stamp_max_aspect: float = 1.6  # ... square, round or oval: its longer side at most this times its shorter
    stamp_min_regularity: float = 0.94  # ... its outline matches a rotated rectangle or ellipse this well (IoU; brush loops and
    # boxes such as 也 or 口 stay under 0.92 on cccr, ruled or compass-cut seals are over 0.95)
    stamp_min_holes: float = 0.02  # ... and not solid: carved text or a ring leaves this share of its inside under 0.75
    # of the inside's own ink level (a heavy square brush dot leaves none: 0.0 on cccr's 34 seal-sized regular dots)
    stamp_across_strokes: bool = True  # on a page 200 px a side or more, look for a seal stamped over the strokes by its outline
    # (data/seal_outline.py); it multiplies the cleaning time of such a page (docs/prepare_dirt.md): false skips it
    stamp_min_red_fill: float = 0.1  # on a colour page, seal red covering this share of a seal-sized box is a seal
    red_max_hue: int = 12  # seal red: OpenCV hue (0-180) at most this far from pure red,
    red_min_saturation: int = 80  # ... at least this saturated (0-255; paper and black ink are grey),
    red_min_value: int = 70  # ... and at least this bright (0-255; dark red-brown ink is not a seal's vermilion)
    extra_gap: float = 0.03  # components closer than this belong to the same cluster (one glyph)
    extra_min_side: float = 0.04  # an annotation glyph is at least this big (smaller is a dot)
    extra_max_rel_side: float = 0.45  # ... and smaller than this fraction of the main cluster's size, or written with a pen
    # (extra_pen_ratio): a bigger brush-written cluster is the character's
    extra_max_stroke_ratio: float = 0.7  # ... written with strokes thinner than this times the main ones
    extra_pen_ratio: float = 0.45  # ... and either a pen's, thinner than this times the character's strokes,
    extra_max_fill: float = 0.5  # ... or an open tangle of lines, inking under this share of its box (a brush's dot
    # or short stroke fills more)
    extra_min_parts: int = 2  # ... and all such glyphs hold at least this many pieces (a lone stroke is the character's)
    extra_min_letters: int = 3  # ... also above the character's middle when written with a pen in this many pieces
    extra_hairline_ratio: float = 0.25  # ... or one glyph alone, written thinner than this times the character's
    # strokes (a pen's hairline; no brush writes its dots or flecks that thin)
    extra_faint_rim: int = 2  # faint ink within this many pixels of ink, on the analysis copy, is the ink's own blur and JPEG ringing
    extra_faint_share: float = 0.0001  # ... faint ink beyond it over this share of that copy may be thin-pen notes the shrink
    # lost: the note rule looks again on the decoded page (so does a note suspect: docs/prepare_dirt.md has how often)
    duplicate_max_diff: float = 0.15  # near-equal perceptual hashes and at most this share of the ink differing,
    duplicate_max_moved: float = 0.03  # ... and at most this share of the ink pixels ink in one and paper near it in the
    # other (another writer's 1 lies a pixel beside the first; a copy's ink stays where it was)
    duplicate_edge_slack: float = 0.03125  # ... "near": within this share of the side (whole pixels, rounded down: none
    # at 28 px, 2 px at 64), the reach of a resampling's blur or a crop a few percent different


@dataclass(frozen=True)
class PrepareParams:
    source: str = "../shared/data/cccr-calligraphy.zip"  # zip, folder, or folder of MNIST IDX files
    source_record: str = "data/source.json"  # the source stage's digest of what `source` holds (prepare's dep)
    out: str = "data/prepared"  # dataset.npz, heldout.npz, reference_<R>.npz, heldout_<R>.npz, manifest.csv, rejects.png, summary.json
    image_size: int = 64  # side of the square training images
    splits: list[str] = field(default_factory=list)  # keep only these split folders (e.g. [train]); empty = all
    limit: int = 0  # keep at most this many input files per class (path order), for smoke runs; 0 = all
    polarity: Literal["auto", "dark-ink", "light-ink"] = "auto"  # how ink looks in the source; auto = per image
    reference_size: int = 128  # the same images packed again at this side, for evaluation at the export size
    # (reference_<side>.npz, heldout_<side>.npz; one size, so that dvc.yaml can name those files from it)
    margin: float = 0.04  # blank border kept around the ink box, as a fraction of its longer side
    max_pixels: int = 40_000_000  # larger images are refused from their header, before decoding (bomb guard)
    workers: int = 0  # decoding processes; 0 = all cores, 1 = in this process
    holdout: bool = True  # keep real images out of training, the reference every quality figure is scored
    # against (heldout*.npz); false: train on every image, and evaluate's FIDs are then against training images
    holdout_split: str = "validation"  # the source's own held-out folder, held out whole when the source has it
    holdout_fraction: float = 0.1  # otherwise this share of every class is held out, drawn by holdout_seed
    holdout_seed: int = 0  # which share (a hash of seed and path: an image's fate depends on its own path)
    dirt: DirtParams = field(default_factory=DirtParams)

    def __post_init__(self) -> None:
        if self.image_size < 8:
            raise ValueError(f"image_size must be at least 8, got {self.image_size}")
        if self.reference_size < 8:
            raise ValueError(f"reference_size must be at least 8, got {self.reference_size}")
        if self.limit < 0 or self.workers < 0 or self.max_pixels < 1:
            raise ValueError("limit and workers must be >= 0 and max_pixels >= 1")
        if not 0 <= self.holdout_fraction < 1:
            raise ValueError(f"holdout_fraction must be in [0, 1), got {self.holdout_fraction}")
        if not 0 <= self.margin < 1:
            raise ValueError(f"margin must be in [0, 1), got {self.margin}")

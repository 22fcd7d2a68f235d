"""One input to one outcome: decode, polarity, specks, dirt rules, crop and resize (runs in workers)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from calligan.config.prepare import PrepareParams
from calligan.data.components import find_ink
from calligan.data.decode import Unreadable, image_size, to_gray
from calligan.data.dedupe import perceptual_hash, pixel_hash
from calligan.data.dirt import dirt_reason
from calligan.data.geometry import crop_square, fit_digit, pad_square, resize
from calligan.data.polarity import ink_is_dark, to_ink_on_black

PREVIEW = 96  # side of the thumbnails a person reviews on the rejects sheet
DECODE_MARGIN = 2  # JPEGs decode at reduced scale only while both sides keep twice the largest output side,
# so an ink box filling half the page is still shrunk, never enlarged, into the packed images


@dataclass
class Outcome:
    status: str  # kept, rejected or unreadable
    reason: str = ""  # why it was not kept; "" when kept
    width: int = 0  # decoded size in pixels (0 when unreadable)
    height: int = 0
    ink_ratio: float = 0.0  # share of ink pixels on the page, specks excluded
    images: dict[int, np.ndarray] = field(default_factory=dict)  # side -> packed image, for kept ones
    pixels: str = ""  # digest of the decoded pixels
    phash: int = 0  # perceptual hash of the packed image
    preview: np.ndarray | None = None  # whole page, for rejected ones


def process(payload: bytes | np.ndarray | None, params: PrepareParams) -> Outcome:
    """Outcome of one file's bytes (or one IDX digit array; None when it could not be read) under `params`."""
    if payload is None:
        return Outcome(status="unreadable", reason="read_error")
    if isinstance(payload, np.ndarray):
        return _digit(payload, params)
    try:
        image, width, height = image_size(payload, max_pixels=params.max_pixels)
        gray = to_gray(image, min_side=DECODE_MARGIN * max([params.image_size, *params.reference_sizes]))
    except Unreadable as exc:
        return Outcome(status="unreadable", reason=str(exc))
    dark = {"auto": None, "dark-ink": True, "light-ink": False}[params.polarity]
    page = to_ink_on_black(gray, ink_dark=ink_is_dark(gray) if dark is None else dark, min_contrast=params.dirt.min_contrast)
    common = dict(width=width, height=height, pixels=pixel_hash(gray))
    if page is None:
        return Outcome(status="rejected", reason="blank", preview=_preview(gray), **common)
    ink = find_ink(page, speck_area=params.dirt.speck_area)
    reason = dirt_reason(ink, params.dirt)
    if reason:
        return Outcome(status="rejected", reason=reason, ink_ratio=ink.ratio, preview=_preview(ink.image), **common)
    square = crop_square(ink.image, ink.bbox(), margin=params.margin)
    return _kept(square, params, ink_ratio=ink.ratio, fit=resize, **common)


def _digit(digit: np.ndarray, params: PrepareParams) -> Outcome:
    """MNIST keeps its geometry and levels: no crop, only the blank and duplicate checks."""
    ink = find_ink(digit, speck_area=0.0)
    common = dict(width=digit.shape[1], height=digit.shape[0], pixels=pixel_hash(digit), ink_ratio=ink.ratio)
    if ink.ratio < params.dirt.blank_ink_ratio:
        return Outcome(status="rejected", reason="blank", preview=_preview(digit), **common)
    return _kept(digit, params, fit=fit_digit, **common)


def _kept(square: np.ndarray, params: PrepareParams, *, fit, **common) -> Outcome:
    sizes = sorted({params.image_size, *params.reference_sizes})
    images = {size: fit(square, size) for size in sizes}
    return Outcome(status="kept", images=images, phash=perceptual_hash(images[params.image_size]), **common)


def _preview(page: np.ndarray) -> np.ndarray:
    return resize(pad_square(page), PREVIEW)

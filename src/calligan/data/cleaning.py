"""Cleaning one input into one outcome: decode, polarity, specks, dirt rules, crop and resize (runs in workers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from calligan.config.prepare import PrepareParams
from calligan.data.decode import Unreadable, decode_page
from calligan.data.dedupe import perceptual_hash
from calligan.data.dirt import (dirt_reason, has_extra_characters, has_faint_marks, has_stamp, note_pieces, seal_red,
                                seal_suspect)
from calligan.data.geometry import crop_square, fit_digit, pad_square, resize, resize_all, shrink
from calligan.data.ink import erase_specks, find_ink, ink_is_dark, ink_levels, page_box
from calligan.data.seal_outline import seal_across_strokes

PREVIEW = 96  # side of the thumbnails a person reviews on the rejects sheet
ANALYSIS_SIDE = 128  # specks, dirt rules and the ink box are found on a copy whose longer side is at most this:
# the rules' lengths are fractions of the side, and labelling a full 400 px page cost more than all else together
DECODE_MARGIN = 2  # JPEGs decode at reduced scale only while both sides keep twice the largest output side: at 1x a
# re-encoded copy, decoded four times coarser than its PNG original, packs a third of its ink differently (measured),
# past duplicate_max_diff, and ink boxes under the output side would be enlarged into blur
NOTES_SIDE = 400  # the second look, at notes and seals, is at most this large: the competition's largest scans at
# their own resolution, where 1 px pen strokes are still ink and a seal's carving is not yet filled by blur


@dataclass
class Outcome:
    status: str  # kept, rejected or unreadable
    reason: str = ""  # why it was not kept; "" when kept
    width: int = 0  # decoded size in pixels (0 when unreadable)
    height: int = 0
    ink_ratio: float = 0.0  # share of ink pixels on the page, specks excluded
    images: dict[int, np.ndarray] = field(default_factory=dict)  # side -> packed image, for kept ones
    phash: int = 0  # perceptual hash of the packed image
    preview: np.ndarray | None = None  # whole page, for rejected ones


def clean(payload: bytes | Path | np.ndarray | None, params: PrepareParams) -> Outcome:
    """Outcome of one file's bytes or path (or one IDX digit array; None when it could not be read) under `params`."""
    if isinstance(payload, Path):
        try:
            payload = payload.read_bytes()
        except OSError:
            payload = None
    if payload is None:
        return Outcome(status="unreadable", reason="read_error")
    if isinstance(payload, np.ndarray):
        return _digit(payload, params)
    try:
        gray, width, height, colour = decode_page(
            payload, max_pixels=params.max_pixels, min_side=DECODE_MARGIN * max(_sizes(params)), colour_side=ANALYSIS_SIDE
        )
    except Unreadable as exc:
        return Outcome(status="unreadable", reason=str(exc))
    common = dict(width=width, height=height)
    small = shrink(gray, ANALYSIS_SIDE)
    dark = {"auto": None, "dark-ink": True, "light-ink": False}[params.polarity]
    ink_dark = ink_is_dark(small) if dark is None else dark
    levels = ink_levels(small, ink_dark=ink_dark, min_contrast=params.dirt.min_contrast)
    if levels is None:
        return Outcome(status="rejected", reason="blank", preview=_preview(small), **common)
    levelled = cv2.LUT(small, levels)
    ink = find_ink(levelled, speck_area=params.dirt.speck_area)
    reason = dirt_reason(ink, params.dirt, page=levelled, red=None if colour is None else seal_red(colour, small.shape, params.dirt))
    if reason in (None, "extra_characters") and max(gray.shape) > max(small.shape):
        seal_like = seal_suspect(ink, params.dirt)
        note_like = note_pieces(ink, params.dirt)[0] or has_faint_marks(levelled, ink, params.dirt)
        page_fine = cv2.LUT(shrink(gray, NOTES_SIDE), levels)
        if seal_like or note_like:
            # On the analysis copy a pen's hairline and a brush's thin dot are both a pixel or two wide,
            # thin-pen notes fade out, and blur fills a seal's carving; a finer copy tells them apart (a
            # rare, costlier look).
            fine = find_ink(page_fine, speck_area=params.dirt.speck_area)
            if has_stamp(fine, params.dirt):  # a thin ring, broken on the analysis copy, passes for pen notes there
                reason = "stamp"
            elif note_like:
                reason = "extra_characters" if has_extra_characters(fine, params.dirt) else None
        if reason is None and params.dirt.stamp_across_strokes and seal_across_strokes(page_fine, params.dirt):
            # a seal stamped over the strokes is one component with them: no rule above sees it alone
            reason = "stamp"
    if reason:
        return Outcome(status="rejected", reason=reason, ink_ratio=ink.ratio, preview=_preview(ink.image), **common)
    paper = 255 if ink_dark else 0  # the grey level `levels` takes to the background
    page = erase_specks(gray, ink, paper=paper)
    square = crop_square(page, page_box(page, ink, levels=levels), margin=params.margin, fill=paper)
    # levels after resizing: the table then maps only the output pixels, not the whole square
    images = {size: cv2.LUT(image, levels) for size, image in resize_all(square, _sizes(params)).items()}
    return _kept(images, params, ink_ratio=ink.ratio, **common)


def _digit(digit: np.ndarray, params: PrepareParams) -> Outcome:
    """MNIST keeps its geometry and levels: no crop, only the blank and duplicate checks."""
    ink = find_ink(digit, speck_area=0.0)
    common = dict(width=digit.shape[1], height=digit.shape[0], ink_ratio=ink.ratio)
    if ink.ratio < params.dirt.blank_ink_ratio:
        return Outcome(status="rejected", reason="blank", preview=_preview(digit), **common)
    return _kept({size: fit_digit(digit, size) for size in _sizes(params)}, params, **common)


def _sizes(params: PrepareParams) -> list[int]:
    return sorted({params.image_size, params.reference_size})


def _kept(images: dict[int, np.ndarray], params: PrepareParams, **common) -> Outcome:
    return Outcome(status="kept", images=images, phash=perceptual_hash(images[params.image_size]), **common)


def _preview(page: np.ndarray) -> np.ndarray:
    return resize(pad_square(page), PREVIEW)

"""Dirty-sample rules on the components of a page (geometry, not a trained model).

Each rule returns True when it fires; `dirt_reason` reports the first that does. Lengths are
fractions of the page's shorter side so the same thresholds serve 128 px and 400 px scans.
"""

from __future__ import annotations

import cv2
import numpy as np

from calligan.config.prepare import DirtParams
from calligan.data.components import Ink, label


def dirt_reason(ink: Ink, dirt: DirtParams) -> str | None:
    """`blank`, `frame`, `stamp`, `extra_characters`, or None for a clean page."""
    if not len(ink.ids) or ink.ratio < dirt.blank_ink_ratio:
        return "blank"
    if has_frame(ink.mask, dirt):
        return "frame"
    if has_stamp(ink, dirt):
        return "stamp"
    if has_extra_characters(ink, dirt):
        return "extra_characters"
    return None


def has_frame(mask: np.ndarray, dirt: DirtParams) -> bool:
    """Ruled lines: long, thin, straight runs of ink near the edges (brush strokes are not ruler-straight)."""
    thick = max(2, dirt.frame_max_thickness * min(mask.shape))
    lines = sum(_edge_lines(rows, dirt, thick=thick) for rows in (mask, mask.T))
    return lines >= dirt.frame_min_lines


def _edge_lines(rows: np.ndarray, dirt: DirtParams, *, thick: float) -> int:
    """Horizontal lines in `rows`: bands of adjacent rows, each with one run of ink
    `frame_min_length` long, at most `thick` tall, centred within the edge band."""
    count, length = rows.shape
    run = max(3, int(dirt.frame_min_length * length))
    candidates = np.flatnonzero(rows.sum(axis=1, dtype=np.int32) >= run)
    band = dirt.frame_edge_band * count + thick  # a line centred in the edge band has a row within this of the edge
    if not len(candidates) or min(candidates[0], count - 1 - candidates[-1]) > band:
        return 0
    straight = candidates[_longest_runs(rows[candidates]) >= run]
    if not len(straight):
        return 0
    lines = 0
    for group in np.split(np.array(straight), np.flatnonzero(np.diff(straight) > 1) + 1):
        centre = (group[0] + group[-1] + 1) / 2
        lines += len(group) <= thick and min(centre, count - centre) <= dirt.frame_edge_band * count
    return lines


def _longest_runs(rows: np.ndarray) -> np.ndarray:
    """Length of the longest run of ink in each row of `rows` (0/1)."""
    padded = np.zeros((rows.shape[0], rows.shape[1] + 2), np.int8)
    padded[:, 1:-1] = rows
    edges = np.diff(padded, axis=1)
    row, start = np.nonzero(edges == 1)  # starts and ends pair up in row-major order
    _, end = np.nonzero(edges == -1)
    longest = np.zeros(rows.shape[0], np.int64)
    np.maximum.at(longest, row, end - start)
    return longest


def has_stamp(ink: Ink, dirt: DirtParams) -> bool:
    """A seal: a big, roughly square, dense component whose outline is nearly its whole box, with
    text carved into it or drawn inside (a solid block is a heavy brush dot)."""
    short = min(ink.mask.shape)
    _, _, w, h, area = ink.stats[ink.ids].T
    boxy = (np.minimum(w, h) >= dirt.stamp_min_side * short) & (np.maximum(w, h) <= dirt.stamp_max_aspect * np.minimum(w, h))
    dense = area >= dirt.stamp_min_fill * w * h
    for index in ink.ids[boxy & dense]:  # only these few are worth tracing
        x, y, w, h, area = ink.stats[index]
        piece = (ink.labels[y : y + h, x : x + w] == index).view(np.uint8)
        contours, _ = cv2.findContours(piece, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        outline = max(contours, key=cv2.contourArea)
        if cv2.contourArea(outline) < dirt.stamp_min_rectangularity * (w - 1) * (h - 1):
            continue
        inside = cv2.drawContours(np.zeros_like(piece), [outline], -1, 1, thickness=cv2.FILLED)
        if 1 - area / cv2.countNonZero(inside) >= dirt.stamp_min_holes:
            return True
    return False


def has_extra_characters(ink: Ink, dirt: DirtParams) -> bool:
    """Small annotation glyphs below or beside the character, written with a thinner brush.

    Components closer than `extra_gap` form clusters (a glyph's strokes join, a dot joins its
    character). The biggest cluster and its near-equals are the character; an annotation is a
    cluster wholly outside the character's box, centred below its middle, glyph-sized but small, with thin
    strokes; together such clusters must hold several pieces (a lone thin stroke is the character's).
    """
    mask = ink.mask
    short = min(mask.shape)
    gap = max(1, int(round(dirt.extra_gap * short)))
    joined = cv2.dilate(mask, np.ones((gap, gap), np.uint8))
    count, clusters, stats = label(joined)
    if count < 3:
        return False
    inky = mask > 0
    owner = clusters[inky]
    ink_area = np.bincount(owner, minlength=count).astype(np.float64)
    boxes = stats[:, :4].astype(np.float64)
    boxes[:, :2] += gap // 2  # undo the dilation's growth
    boxes[:, 2:] = np.maximum(boxes[:, 2:] - 2 * (gap // 2), 1)
    x, y, w, h = boxes.T
    sides = np.maximum(w, h)
    main = int(np.argmax(ink_area[1:])) + 1
    core = sides > dirt.extra_max_rel_side * sides[main]
    core[0] = False
    x0, y0, x1, y1 = x[core].min(), y[core].min(), (x + w)[core].max(), (y + h)[core].max()
    overlap = np.maximum(0.0, np.minimum(x + w, x1) - np.maximum(x, x0)) * np.maximum(0.0, np.minimum(y + h, y1) - np.maximum(y, y0))
    low = y + h / 2 > (y0 + y1) / 2  # notes sit under the character or beside its lower half
    candidates = ~core & (sides >= dirt.extra_min_side * short) & (overlap == 0) & low
    candidates[0] = False
    if not candidates.any():  # the usual clean page: the costlier piece and stroke counts are not needed
        return False
    pairs = np.unique(owner.astype(np.int64) * len(ink.stats) + ink.labels[inky])
    parts = np.bincount(pairs // len(ink.stats), minlength=count)
    if parts[candidates].sum() < dirt.extra_min_parts:
        return False
    depth = cv2.distanceTransform(mask, cv2.DIST_L2, 3)[inky]
    stroke = np.bincount(owner, weights=depth, minlength=count) / np.maximum(ink_area, 1)
    thin = stroke <= dirt.extra_max_stroke_ratio * stroke[main]
    return parts[candidates & thin].sum() >= dirt.extra_min_parts

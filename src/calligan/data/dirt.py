"""Dirty-sample rules on the components of a page (geometry, not a trained model), and on the seal red
of a colour page (the vermilion of a stamp told apart by its hue: grey ink and paper have none).

Each rule returns True when it fires; `dirt_reason` reports the first that does. Lengths are
fractions of the page's shorter side so the same thresholds serve 128 px and 400 px scans.
"""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np

from calligan.config.prepare import DirtParams
from calligan.data.ink import Ink, label

_JOIN = np.ones((3, 3), np.uint8)  # closing that joins a blurred thin ring's arcs, a pixel apart, into one outline
_CARVED = 0.75  # inside a seal, a carving or paper is under this share of the level of its brightest tenth (a heavy
# brush dot, solid, has none: 0.0 on all 34 cccr pages whose dots are seal-sized and regular)


def dirt_reason(ink: Ink, dirt: DirtParams, *, page: np.ndarray, red: np.ndarray | None = None) -> str | None:
    """`blank`, `frame`, `stamp`, `extra_characters`, or None for a clean page.

    page: the levelled page `ink` was found on (ink bright on black), specks not erased.
    red: 0/1 mask of seal-red pixels on the same copy as `ink`, for a colour source; None for a grey one.
    """
    if is_blank(ink, dirt):
        return "blank"
    if has_frame(page, dirt):
        return "frame"
    if has_stamp(ink, dirt) or (red is not None and has_red_seal(red, dirt)):
        return "stamp"
    if has_extra_characters(ink, dirt):
        return "extra_characters"
    return None


def is_blank(ink: Ink, dirt: DirtParams) -> bool:
    """Too little ink for a character, measured on the whole page (a stray dot cropped to itself
    would fill the square): almost none, or little in one spot smaller than any character."""
    if not len(ink.ids) or ink.ratio < dirt.blank_ink_ratio:
        return True
    x0, y0, x1, y1 = ink.bbox()
    return ink.ratio < dirt.blank_sparse_ratio and max(x1 - x0, y1 - y0) < dirt.blank_max_extent * min(ink.mask.shape)


def has_frame(page: np.ndarray, dirt: DirtParams) -> bool:
    """Ruled lines: long, thin, straight runs of ink near the edges (brush strokes are not ruler-straight).

    page: levelled (ink bright on black). A hairline comes out of the analysis copy's shrink as faint grey,
    under the ink threshold, so lines are looked for in faint ink: paper noise makes no long straight run there.
    """
    mask = (page >= dirt.faint_level).view(np.uint8)
    thick = max(2, dirt.frame_max_thickness * min(mask.shape))
    lines = sum(_edge_lines(rows, dirt, thick=thick) for rows in (mask, np.ascontiguousarray(mask.T)))
    return lines >= dirt.frame_min_lines


def _edge_lines(rows: np.ndarray, dirt: DirtParams, *, thick: float) -> int:
    """Horizontal lines in `rows`: bands of adjacent rows, each with one run of ink
    `frame_min_length` long, at most `thick` tall, centred within the edge band.

    A line on a skewed scan steps from row to row; each row is joined with the next `frame_max_skew`
    of the side first, so the steps do not cut its run (and the band grows as many rows).
    """
    count, length = rows.shape
    skew = max(1, int(round(dirt.frame_max_skew * count)))
    rows = cv2.dilate(rows, np.ones((skew + 1, 1), np.uint8), anchor=(0, 0))
    thick += skew
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
    """A seal: a component of seal size whose outline is a clean rectangle or ellipse (a brush
    stroke's is not), with text carved into it or a ring around its text or around nothing
    (a solid block is a heavy brush dot)."""
    return any(holes >= dirt.stamp_min_holes for holes in _seal_outlines(ink, dirt))


def seal_suspect(ink: Ink, dirt: DirtParams) -> bool:
    """A seal's outline, carved or ringed or not: on a small copy, blur fills a block's carving and a
    thin ring's inside, and only a finer copy tells such a seal from a heavy brush dot."""
    return any(True for _ in _seal_outlines(ink, dirt))


def _seal_outlines(ink: Ink, dirt: DirtParams) -> Iterator[float]:
    """For each seal-sized component whose outline is a clean rectangle or ellipse, the share of its
    inside (a pixel in from the outline, past its blurred edge) that is not ink at its own level: paper
    inside a ring, or a carving, which blur lifts over the ink threshold but not to the block's level.
    Components are taken from the ink closed by a pixel: blur and JPEG break a thin ring into arcs a
    pixel apart."""
    closed = cv2.morphologyEx(ink.mask, cv2.MORPH_CLOSE, _JOIN)
    count, labels, stats = label(closed)
    for index in _seal_sized(stats, np.arange(1, count), short=min(closed.shape), dirt=dirt):
        x, y, w, h, _ = stats[index]
        piece = cv2.copyMakeBorder((labels[y : y + h, x : x + w] == index).view(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT)
        contours, _ = cv2.findContours(piece, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        outline = max(contours, key=len)
        inside = cv2.drawContours(np.zeros_like(piece), [outline], -1, 1, thickness=cv2.FILLED)
        if _regularity(inside, outline) >= dirt.stamp_min_regularity:
            levels = ink.image[y : y + h, x : x + w][cv2.erode(inside, _JOIN)[1:-1, 1:-1] > 0]
            if len(levels):
                yield float(np.mean(levels < _CARVED * np.percentile(levels, 90)))


def seal_red(colour: np.ndarray, shape: tuple[int, int], dirt: DirtParams) -> np.ndarray:
    """0/1 uint8 mask, of `shape` (the analysis copy's), of the pixels of `colour` (BGR) in seal red."""
    if colour.shape[:2] != shape:
        colour = cv2.resize(colour, shape[::-1], interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(colour, cv2.COLOR_BGR2HSV)  # hue 0-180 in OpenCV: red wraps around 0
    low = cv2.inRange(hsv, (0, dirt.red_min_saturation, dirt.red_min_value), (dirt.red_max_hue, 255, 255))
    high = cv2.inRange(hsv, (180 - dirt.red_max_hue, dirt.red_min_saturation, dirt.red_min_value), (180, 255, 255))
    return cv2.bitwise_or(low, high) // 255


def has_red_seal(red: np.ndarray, dirt: DirtParams) -> bool:
    """A seal told by its hue: a patch of seal red of seal size, whatever its shape or how faint it is in grey.

    red: 0/1 mask of seal-red pixels; a closing joins a worn seal's pieces first.
    """
    count, _, stats = label(cv2.morphologyEx(red, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)))
    if count < 2:
        return False
    ids = np.arange(1, count)
    sized = _seal_sized(stats, ids, short=min(red.shape), dirt=dirt)
    _, _, w, h, area = stats[sized].T
    return bool((area >= dirt.stamp_min_red_fill * w * h).any())


def _seal_sized(stats: np.ndarray, ids: np.ndarray, *, short: int, dirt: DirtParams) -> np.ndarray:
    """The `ids` whose boxes (cv2 stats rows) are of a seal's size and shape on a page whose shorter side is `short`."""
    _, _, w, h, _ = stats[ids].T
    small, large = np.minimum(w, h), np.maximum(w, h)
    return ids[(small >= dirt.stamp_min_side * short) & (large <= dirt.stamp_max_side * short) & (large <= dirt.stamp_max_aspect * small)]


def _regularity(inside: np.ndarray, outline: np.ndarray) -> float:
    """How well the filled outline `inside` matches the best rotated rectangle or ellipse fitted to
    `outline`, as intersection over union (1 for a seal cut with a ruler or a compass)."""
    rectangle = cv2.fillPoly(np.zeros_like(inside), [np.intp(cv2.boxPoints(cv2.minAreaRect(outline)))], 1)
    shapes = [rectangle]
    if len(outline) >= 5:
        shapes.append(cv2.ellipse(np.zeros_like(inside), cv2.fitEllipse(outline), 1, thickness=cv2.FILLED))
    return max(cv2.countNonZero(inside & shape) / cv2.countNonZero(inside | shape) for shape in shapes)


def has_faint_marks(page: np.ndarray, ink: Ink, dirt: DirtParams) -> bool:
    """Faint ink away from the ink on the levelled `page`: strokes of a thin-pen note that the analysis
    copy's shrink took under the ink threshold (or to specks), worth a look at the note rule on a finer copy."""
    faint = (page >= dirt.faint_level).view(np.uint8)
    near = cv2.dilate(ink.mask, np.ones((2 * dirt.extra_faint_rim + 1,) * 2, np.uint8))
    return cv2.countNonZero(faint > near) >= dirt.extra_faint_share * page.size


def has_extra_characters(ink: Ink, dirt: DirtParams) -> bool:
    """Small annotation glyphs below or beside the character, written with a pen: their clusters
    (`note_pieces`) hold at least `extra_min_parts` pieces together (a lone thin stroke is the character's)."""
    return note_pieces(ink, dirt)[1] >= dirt.extra_min_parts


def note_pieces(ink: Ink, dirt: DirtParams) -> tuple[int, int]:
    """(pieces in the clusters placed and sized as notes, pieces in those of them also written as a pen writes).

    Components closer than `extra_gap` form clusters (a glyph's strokes join, a dot joins its
    character). The biggest cluster and its near-equals are the character. A note is placed as one: a
    cluster wholly outside the character's box, centred below its middle (or above it, in pen letters of
    `extra_min_letters` pieces or more), glyph-sized but small. And
    it is written with a pen, which is more than small: strokes thinner than the character's, and
    either much thinner (a pen's hairline against a brush) or an open tangle of lines. A brush's own
    detached parts (the dots of 然 or 心, the short strokes of a cursive 以) are compact blots that fill
    their box and are about as wide as the brush.
    """
    mask = ink.mask
    short = min(mask.shape)
    gap = max(1, int(round(dirt.extra_gap * short)))
    joined = cv2.dilate(mask, np.ones((gap, gap), np.uint8))
    count, clusters, stats = label(joined)
    if count < 3:
        return 0, 0
    inky = mask > 0
    owner = clusters[inky]
    ink_area = np.bincount(owner, minlength=count).astype(np.float64)
    boxes = stats[:, :4].astype(np.float64)
    boxes[:, :2] += gap // 2  # undo the dilation's growth
    boxes[:, 2:] = np.maximum(boxes[:, 2:] - 2 * (gap // 2), 1)
    x, y, w, h = boxes.T
    sides = np.maximum(w, h)
    main = int(np.argmax(ink_area[1:])) + 1
    sized = (sides >= dirt.extra_min_side * short) & (sides <= sides[main])
    sized[[0, main]] = False
    if not sized.any():  # nothing but the character is glyph-sized: no stroke depths needed
        return 0, 0
    depth = cv2.distanceTransform(mask, cv2.DIST_L2, 3)[inky]
    stroke = np.bincount(owner, weights=depth, minlength=count) / np.maximum(ink_area, 1)
    thin = stroke <= dirt.extra_max_stroke_ratio * stroke[main]
    pen = stroke <= dirt.extra_pen_ratio * stroke[main]
    big = sides > dirt.extra_max_rel_side * sides[main]

    pairs = np.unique(owner.astype(np.int64) * len(ink.stats) + ink.labels[inky])
    parts = np.bincount(pairs // len(ink.stats), minlength=count)
    # Beside a flat character (心, 以) notes sit above its box's middle; letters written with a pen are notes there
    # too. A thin 亻 beside the rest of a cursive 他 is as thin, in fewer pieces.
    lettered = pen & (parts >= dirt.extra_min_letters)

    def placed_beside(core: np.ndarray) -> np.ndarray:
        """The clusters outside the box of the `core` ones, centred below its middle (under the character or
        beside its lower half) or `lettered`, and not of them."""
        core = core.copy()
        core[main], core[0] = True, False
        x0, y0, x1, y1 = x[core].min(), y[core].min(), (x + w)[core].max(), (y + h)[core].max()
        overlap = np.maximum(0.0, np.minimum(x + w, x1) - np.maximum(x, x0)) * np.maximum(0.0, np.minimum(y + h, y1) - np.maximum(y, y0))
        return ~core & sized & (overlap == 0) & ((y + h / 2 > (y0 + y1) / 2) | lettered)

    # A long line of notes can be as wide as the character; written with a pen, it is still no part of it.
    placed = placed_beside(big & ~pen)
    # On a small copy a pen's line and a brush's thin stroke can both be a pixel or two wide: a thin cluster
    # as big as the character's parts is a suspect too, for a finer copy to judge.
    suspects = placed | placed_beside(big & ~thin)
    if not suspects.any():  # the usual clean page
        return 0, 0
    written = pen | (ink_area < dirt.extra_max_fill * w * h)
    notes = int(parts[placed & thin & written].sum())
    # A hairline glyph is a note even alone: no brush writes a dot or stroke that thin beside its character.
    if (placed & (stroke <= dirt.extra_hairline_ratio * stroke[main])).any():
        notes = max(notes, dirt.extra_min_parts)
    return int(parts[suspects].sum()), notes

"""A seal stamped across the character's strokes, found by its outline.

Such a seal joins the strokes it touches into one component, so the rules for a free-standing seal
(`dirt.has_stamp`: a seal-sized component with a ruled outline) never see it alone. Its outline is
still there, as stretches of the component's edge: the ink's contours are cut at sharp turns (where
a stroke meets the seal's rim, or a rectangle turns a corner), a rotated rectangle and an ellipse are
fitted to each run of a few consecutive stretches, and a shape is a seal when most of its outline is
an edge with ink inside and paper outside (where it is not, a stroke crosses it: ink, never paper),
and inside it there is a thin rim around paper (a ring) or a block with thin carved lines in it. A
brush stroke's end or loop is round too, but its ink is as thick as the loop is wide, or solid.

Strokes hide parts of the outline, and pull the first fits aside: ellipses are refitted to the edge points ever
nearer them, a rectangle's sides are stretched along the edges that continue them and moved onto the edge points
along them, a ring's cleaner inside is grown by its rim, and the thin ink alone (rims and seal text, the strokes
opened away) is fitted too. Blur spreads the ink and closes the paper between a small seal's rim and the strokes
across it, so where the ink at a quarter of its level shows no seal, it is read again at half. Where a stroke
crosses the outline its ink runs deep, so a ring's rim is read only where paper lies outside it. Blur greys a
block's 1 px carving rather than leaving it paper-dark; it is still a line darker than the ink round it, and where a
block's outline is ruled, less of it need show if it spreads over the block. Carving is read along its lines: where
two of them cross at a slant it is as wide as a brush loop's one hole. A broad stroke across a ring splits the paper
inside it, and the pieces are fitted together; a filled seal at a stroke's end, the stroke's edges running smoothly
into its rim, is the largest disc in the ink there; and a round block whose outline a stroke hides past what a
block's test allows is still a seal when its carving is written out, in thin lines longer in all than its side, or
greyed, as long as a block's.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import cv2
import numpy as np
from skimage.morphology import skeletonize

from calligan.config.prepare import DirtParams

_LEAST_SIDE = 200  # pages with a shorter side than this are not looked at: a seal's rim there is a pixel wide, as thin as
# the tolerances below and as a thin stroke (a drawn character's strokes crossing at 136 px closed a seal-sized box
# in with a 2 px side); the competition's scans, and the pages this was measured on, are 200 px a side or more
_LEVELS = (64, 128)  # the ink is read at a quarter of the ink level (a seal's thin rim, blurred, falls under the ink
# threshold) and, where that finds no seal, at half of it: blur spreads the ink, and at a quarter a small seal's rim
# and the strokes that touch it swell and close the paper between them to slivers; at half the rim's edges are back
# where the seal was cut (on the tuning pages, 7 more seals in 600 caught so, and no clean page stamped)
_PAD = 3  # paper around the page, so a seal stamped against its edge has an edge there too
_TOL = 1.5  # pixels: an ink edge this near the fitted outline supports it (a seal is cut with a ruler or a compass)
_CORNER = 40.0  # degrees: the contours are cut where they turn more than this ...
_SPAN = 4  # ... between the points this many steps before and after
_RUN = 6  # a shape is fitted to runs of up to this many consecutive stretches (sides, and bumps where strokes touch)
_TRIM = 6  # ... and to each run less a 1/_TRIM at either end (a stroke that runs smoothly into the rim)
_INSIDE, _OUTSIDE = 1.0, 2.5  # pixels in from and out past the outline where ink and paper are read
_CARVED = 0.75  # inside a seal, carving or paper is under this share of the level of its brightest tenth
_MARGIN = 0.15  # the inside read for carving lies this share of the seal's side in from its outline
_RECT_EDGE = 0.4  # a rectangle is a seal's when at least this share of its outline is an edge (no brush edge runs
# ruler-straight for this much of a rectangle: 0.34 at most on the tuning pages) ...
_RING_EDGE = 0.45  # ... an ellipse round a ring, this share ...
_BLOCK_EDGE = 0.6  # ... a shape round a block, this much more (brush dots and stroke ends are round and solid too,
# and a brush 目 written heavy is a block with nicks: cccr's 着/92 at 3x, a rectangle 0.51 an edge)
_RULED_EDGE = 0.7  # a block whose outline is this much an edge needs only ...
_RULED_CARVING = 0.5  # ... this share of the greyed carving a block needs, when ...
_RULED_SPREAD = 0.4  # ... its lines spread over this share of the side (blur greys most of a small seal's carving away,
# what is left is still seal text spread over the seal. On 6,200 clean tuning pages, the greyed lines in the brush blobs
# such an outline is fitted round, a nick or the soft rim of a small hole, are 0.24 of the side long at most and spread
# over 0.27; paper-dark carving keeps its length, for a blob's hole is that short: at half of it one passed)
_OUTLINE_PAPER = 0.1  # ... and at most this share of the outline is paper away from any edge ...
_BLOCK_PAPER = 0.05  # ... at most this share for an ellipse round a block
_RECT_RIM, _ELLIPSE_RIM = 0.2, 0.15  # a rim this thin (share of the shorter side) or thinner makes a ring, else a block
_RIM_QUANTILE = 0.5  # the rim's depth is read at this quantile over the outline ...
_COVERED_RIM_QUANTILE = 0.25  # ... and at this one for a shape that is an edge over _COVERED_RING_EDGE of its outline:
# a stroke that lies inside the ring along much of it makes the rim read deep there
_COVERED_RING_EDGE = 0.7  # (brush loops at 0.48-0.67, 得's hook and a brush 日 among them, read thin at the quarter)
_RING_INSIDE = 0.15  # a ring closes in paper (or text) over at least this share of its inside
_BLOCK_CARVING = 0.08  # a block's carving, closed in by its ink, is at least this share of its inside (a brush blob's
# blur and JPEG noise reach 0.06) ...
_CARVING_WIDTH = 0.15  # ... in lines this share of the shorter side wide or less, at the median along them (a brush
# loop's one hole: 0.17 at the least on the tuning pages; where carved lines cross, they are wider) ...
_CARVING_LENGTH = 0.6  # ... and as long in all as this share of it (a loop's hole: 0.15-0.85, most under 0.45; a
# blot's nick and crack in cccr's 当/88 at 3x: 0.52)
_WRITTEN_PAPER = 0.02  # an ellipse round a block whose outline passes only a ring's bar (a block's bar keeps out brush
# dots and stroke ends, round and solid) is a seal when at most this share of its outline is paper ... (for a rectangle
# the bar keeps out brush boxes written heavy too, whose gaps are thin lines as carving is: a rectangle 0.56 an edge
# round the 月 of a heavy 前, on a clean tuning page, passed with its gaps read as written carving)
_WRITTEN_WIDTH = 0.12  # ... and its carving is written out: lines this share of the shorter side wide or less ...
_WRITTEN_LENGTH = 1.0  # ... as long in all as the side; or greyed carving as long as a block's. Such ellipses
# round cursive strokes that cross close in paper between them: on 2,800 clean tuning pages, where that paper is 0.6
# of the side long and 0.15 wide or less, the outline is 0.04 or more paper but on one page, where it is 0.93 long and
# 0.125 wide; on 3,200, where under 0.08 of the inside is paper-dark and at most 0.02 of the outline paper, greyed
# lines are 0.29 long at most
_AROUND = 4  # pixels round a shape's box that its inside is read on (more than _LINE_KERNEL's reach)
_LINE_KERNEL = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))  # carving that blur greyed: dark lines narrower
_LINE_DEPTH = 0.15  # than this, at least this share of the block's ink level below their surroundings ...
_LINE_PIECE = 4  # ... in pieces of at least this many pixels (noise makes single specks) ...
_CARVED_LENGTH = 0.5  # ... and as long in all as this share of the shorter side
_REFIT_BANDS = (0.12, 0.06, 0.0)  # shapes are refitted to edge points this share of their shorter side from the outline
# (and at least 2 _TOL): a first fit the strokes' edges pulled aside is brought onto the rim in steps
_THIN = 0.0175  # thin ink: the ink less its opening by a disc of this share of the page's shorter side in radius (about
# a seal's rim at the largest, a brush stroke's half width at the smallest, at 200-400 px)
_QUICK_PAPER = 0.25  # a fitted shape with more of its outline on paper than this is no seal, at a glance
_PIECE = 0.25  # closed-in paper pieces whose box is at least this share of a seal's least side are fitted in pairs
_SOLID = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))  # the ink closed by this before its depth is read: a
# block's carving and specks of paper do not make its depth shallow


def seal_across_strokes(page: np.ndarray, dirt: DirtParams) -> bool:
    """True when a seal's outline lies in the edges of the levelled `page` (ink bright on black, at most
    400 px; a finer copy than the analysis one, where thin rims and carving survive)."""
    if min(page.shape) < _LEAST_SIDE:
        return False
    page = cv2.copyMakeBorder(page, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_CONSTANT)
    return any(_outlined(page, level, dirt, round_rings=level == _LEVELS[0]) for level in _LEVELS)


def _outlined(page: np.ndarray, level: int, dirt: DirtParams, *, round_rings: bool) -> bool:
    """True when a seal's outline lies in the edges of the ink of the padded `page` at `level` and above.

    round_rings: whether an ellipse round a thin rim is a seal; at half the ink level a brush loop's rim thins as a
    seal's does (five cursive loops in 1,000 clean generated pages were taken for rings there), and a ruled ring or a
    carved block has no brush look-alike there.
    """
    mask = cv2.morphologyEx((page >= level).view(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return False
    edges = cv2.drawContours(np.zeros_like(mask), contours, -1, 1, 1)
    near = cv2.distanceTransform(1 - edges, cv2.DIST_L2, 3) <= _TOL
    inked = near | (mask > 0)  # not paper: on an edge or in ink
    _, paper, pieces, _ = cv2.connectedComponentsWithStats(1 - mask, connectivity=4)
    open_paper = cv2.dilate((paper == paper[0, 0]).view(np.uint8), np.ones((3, 3), np.uint8)) > 0  # the pad's
    short = min(page.shape) - 2 * _PAD
    points = np.concatenate([c[:, 0, :] for c in contours]).astype(np.float32)
    fitted = [*_shapes(contours, short=short, dirt=dirt), *_thin_arcs(mask, short=short, dirt=dirt),
              *_split_paper(paper, pieces, short=short, dirt=dirt), *_inscribed(mask, short=short, dirt=dirt)]
    if not fitted:
        return False
    kinds = np.array([kind == "rect" for kind, _ in fitted])
    boxes = np.array([(*centre, *sides, angle) for _, (centre, sides, angle) in fitted], np.float64)
    # a rectangle fitted to part of a seal's outline can be half its size; the stretched ones are whole. A rectangle
    # fitted round a round seal is worth a look too: the ellipse inside it is refitted below
    outlined = _mostly_inked(boxes, kinds, inked) | (kinds & _mostly_inked(boxes, np.zeros_like(kinds), inked))
    worth = _seal_sized(boxes[:, 2:4], short=short, dirt=dirt, part=kinds) & outlined
    seen = set()
    for index in np.flatnonzero(worth):
        kind, shape = fitted[index]
        variants = [(kind, shape)]
        grown = _round_hole(mask, kind, shape)
        if grown is not None:
            variants.append((kind, grown))
        if kind == "rect":
            variants += [("rect", box) for box in _stretched(shape, points) + _snapped(shape, points)]
        # a rectangle fitted round a round seal is a first fit for the ellipse inside it (cv2 boxes them alike)
        variants += [("ellipse", e) for e in _refitted(shape, points)]
        boxes = np.array([(*centre, *sides, angle) for _, (centre, sides, angle) in variants], np.float64)
        rect = np.array([k == "rect" for k, _ in variants])
        for outline in np.flatnonzero(_seal_sized(boxes[:, 2:4], short=short, dirt=dirt, part=False) & _mostly_inked(boxes, rect, inked)):
            (cx, cy, w, h, angle) = boxes[outline]
            k = variants[outline][0]
            key = (k, round(cx / 2), round(cy / 2), round(w / 2), round(h / 2), round(angle / 5))  # fits repeat
            if key not in seen:
                seen.add(key)
                if _is_seal(page, mask, near, open_paper, k, ((cx, cy), (w, h), angle), round_rings=round_rings):
                    return True
    return False


def _mostly_inked(boxes: np.ndarray, rect: np.ndarray, inked: np.ndarray) -> np.ndarray:
    """For rows (cx, cy, w, h, angle) of `boxes`, rectangles where `rect` and ellipses elsewhere, a quick look at 32
    points of each outline: few of them on paper far from any edge (most shapes fitted to a brush's contours
    cut across paper, and need no closer look)."""
    t = np.linspace(0, 2 * np.pi, 32, endpoint=False)
    square = 1.0 + 0.5 * rect[:, None]  # a rectangle's points: a clipped, scaled circle runs along its sides
    x = np.clip(np.cos(t) * square, -1, 1) * boxes[:, 2:3] / 2
    y = np.clip(np.sin(t) * square, -1, 1) * boxes[:, 3:4] / 2
    theta = np.radians(boxes[:, 4:5])
    px = boxes[:, 0:1] + np.cos(theta) * x - np.sin(theta) * y
    py = boxes[:, 1:2] + np.sin(theta) * x + np.cos(theta) * y
    finite = np.isfinite(px).all(1) & np.isfinite(py).all(1)
    px, py = np.nan_to_num(px), np.nan_to_num(py)
    inside = _read(inked, np.stack([px.ravel(), py.ravel()], 1)).reshape(px.shape)
    return finite & (inside.mean(1) >= 1 - _QUICK_PAPER)


def _seal_sized(sides: np.ndarray, *, short: int, dirt: DirtParams, part: np.ndarray | bool) -> np.ndarray:
    """Whether each row of box `sides` (w, h) is a seal's (where `part`: at least half a seal's shorter side, any aspect)."""
    with np.errstate(invalid="ignore"):
        small, large = np.nanmin(sides, axis=1), np.nanmax(sides, axis=1)
        whole = (small >= dirt.stamp_min_side * short) & (large <= dirt.stamp_max_aspect * small)
        half = small >= 0.5 * dirt.stamp_min_side * short
        return np.isfinite(sides).all(1) & (large <= dirt.stamp_max_side * short) & np.where(part, half, whole)


def _is_seal(page: np.ndarray, mask: np.ndarray, near: np.ndarray, open_paper: np.ndarray, kind: str, shape: tuple, *,
             round_rings: bool) -> bool:
    """Whether the outline `shape` of `kind` on the padded `page` (its ink `mask` at one of _LEVELS, `near`: within _TOL
    of an edge of it, and `open_paper`: the paper round the ink, with its blurred rim) is a seal's: an edge
    for most of its length, and a ring or a carved block inside."""
    edge, paper = _outline_support(mask, near, kind, shape)
    if kind == "rect":
        ring = edge >= _RECT_EDGE and paper <= _OUTLINE_PAPER
        block = edge >= _BLOCK_EDGE and paper <= _OUTLINE_PAPER
        written = False  # a brush box written heavy has gaps as thin as carving (_WRITTEN_PAPER)
        thin = _RECT_RIM
    else:
        ring = edge >= _RING_EDGE and paper <= _OUTLINE_PAPER
        block = edge >= _BLOCK_EDGE and paper <= _BLOCK_PAPER
        written = paper <= _WRITTEN_PAPER  # past a ring's bar alone: a block if its carving is written out, or greyed
        thin = _ELLIPSE_RIM
    if not ring:  # a block's outline passes the ring's test too
        return False
    covered = edge >= _COVERED_RING_EDGE
    thin_rim = _rim(mask, kind, shape, quantile=_COVERED_RIM_QUANTILE if covered else _RIM_QUANTILE) <= thin
    if not (thin_rim or block or written):
        return False
    page, open_paper, shape = _around(page, open_paper, shape)
    carving, carved = _carving(page, open_paper, kind, shape)
    if thin_rim:
        return (round_rings or kind == "rect") and carving >= _RING_INSIDE
    side = min(shape[1])
    if carving >= _BLOCK_CARVING:  # paper-dark carving, or a loop's hole, whose soft JPEG rim would read as grey lines
        length, width = _extent(carved)
        if block and width <= _CARVING_WIDTH * side and length >= _CARVING_LENGTH * side:
            return True
        return written and width <= _WRITTEN_WIDTH * side and length >= _WRITTEN_LENGTH * side
    length, spread = _greyed_carving(page, open_paper, kind, shape)
    ruled = edge >= _RULED_EDGE and spread >= _RULED_SPREAD
    return length >= (_RULED_CARVING if ruled else 1.0) * _CARVED_LENGTH


def _around(page: np.ndarray, open_paper: np.ndarray, shape: tuple) -> tuple[np.ndarray, np.ndarray, tuple]:
    """`page` and `open_paper` cut to `shape`'s box and _AROUND pixels round it, and `shape` moved onto the cut: the
    inside is read within the shape alone, and page-sized masks cost time for nothing."""
    corners = cv2.boxPoints(shape)  # an ellipse lies inside its rotated box
    x0, y0 = np.maximum(np.floor(corners.min(0)).astype(int) - _AROUND, 0)
    x1, y1 = np.ceil(corners.max(0)).astype(int) + _AROUND + 1
    (cx, cy), sides, angle = shape
    return page[y0:y1, x0:x1], open_paper[y0:y1, x0:x1], ((cx - x0, cy - y0), sides, angle)


def _outline(kind: str, shape: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Points a pixel apart along the outline of `shape`, and the outward unit normal at each."""
    (cx, cy), (w, h), angle = shape
    if kind == "rect":
        corners = cv2.boxPoints(shape)
        sides = np.roll(corners, -1, axis=0) - corners
        counts = np.maximum(1, np.ceil(np.hypot(*sides.T)).astype(int))
        points = np.concatenate([corners[i] + np.outer(np.arange(counts[i]) / counts[i], sides[i]) for i in range(4)])
    else:
        t = np.linspace(0, 2 * np.pi, max(16, int(np.pi * (w + h) / 2)), endpoint=False)
        theta = np.radians(angle)
        x, y = w / 2 * np.cos(t), h / 2 * np.sin(t)
        points = np.stack([cx + np.cos(theta) * x - np.sin(theta) * y, cy + np.sin(theta) * x + np.cos(theta) * y], 1)
    tangent = np.roll(points, -1, axis=0) - np.roll(points, 1, axis=0)
    normal = np.stack([tangent[:, 1], -tangent[:, 0]], 1) / np.maximum(np.hypot(*tangent.T), 1e-6)[:, None]
    normal *= np.sign(((points - (cx, cy)) * normal).sum(1))[:, None]  # outward: both shapes are convex
    return points, normal


def _read(image: np.ndarray, points: np.ndarray) -> np.ndarray:
    """`image` at the pixels nearest `points` (clipped to it)."""
    xy = np.clip(np.rint(points).astype(int), 0, np.array(image.shape[::-1]) - 1)
    return image[xy[:, 1], xy[:, 0]]


def _outline_support(mask: np.ndarray, near: np.ndarray, kind: str, shape: tuple) -> tuple[float, float]:
    """(share of the outline that is an ink edge with ink inside and paper outside, share that is paper far from
    any edge); the rest is ink, a stroke across the seal. (0, 1) for an outline that leaves the page."""
    points, normal = _outline(kind, shape)
    inside_page = ((points >= 0) & (points <= np.array(mask.shape[::-1]) - 1)).all(1)
    if inside_page.mean() < 0.95:
        return 0.0, 1.0
    points, normal = points[inside_page], normal[inside_page]
    edge = (_read(near, points) > 0) & (_read(mask, points - _INSIDE * normal) > 0) & (_read(mask, points + _OUTSIDE * normal) == 0)
    paper = (_read(near, points) == 0) & (_read(mask, points) == 0)
    return float(edge.mean()), float(paper.mean())


def _rim(mask: np.ndarray, kind: str, shape: tuple, *, quantile: float) -> float:
    """The ink's depth in from the outline, as a share of the shape's shorter side (its `quantile` over the outline
    where ink starts at it with paper outside: where a stroke crosses the outline, the depth is the stroke's; over
    half of the side for a solid block or a brush blob)."""
    points, normal = _outline(kind, shape)
    side = min(shape[1])
    inward = _along(mask, points, -normal, np.arange(int(0.5 * side) + 1))
    starts = inward[:, :3].any(1) & (_read(mask, points + _OUTSIDE * normal) == 0)
    if starts.mean() < 0.3:
        return 1.0
    return float(np.percentile(_first_run(inward[starts]), 100 * quantile) / side)


def _round_hole(mask: np.ndarray, kind: str, shape: tuple) -> tuple | None:
    """`shape` grown by the ink's depth out from it, when it is a hole's outline (paper inside, ink just outside):
    a ring's inside is often fitted more cleanly than its outside, which the strokes that touch it break up."""
    points, normal = _outline(kind, shape)
    outward = _along(mask, points, normal, np.arange(1, int(0.25 * min(shape[1])) + 1))
    hole = (_read(mask, points - 2 * normal) == 0) & outward[:, :2].any(1)
    if hole.mean() < 0.5:
        return None
    grow = float(np.percentile(_first_run(outward[hole]), 100 * _COVERED_RIM_QUANTILE)) + 1
    (cx, cy), (w, h), angle = shape
    return (cx, cy), (w + 2 * grow, h + 2 * grow), angle


def _along(mask: np.ndarray, points: np.ndarray, direction: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Ink of `mask` at each of `points` moved each of `steps` pixels along its unit `direction` (rows: points)."""
    moved = points[:, None, :] + steps[None, :, None] * direction[:, None, :]
    return _read(mask, moved.reshape(-1, 2)).reshape(len(points), -1) > 0


def _first_run(ink: np.ndarray) -> np.ndarray:
    """Length of each row's first run of ink in the bool (rows, steps) `ink` (to its end when paper never follows)."""
    first = np.argmax(ink, axis=1)
    paper_after = ~ink & (np.arange(ink.shape[1])[None, :] > first[:, None])
    return np.where(paper_after.any(1), np.argmax(paper_after, axis=1), ink.shape[1]) - first


def _carving(page: np.ndarray, open_paper: np.ndarray, kind: str, shape: tuple) -> tuple[float, np.ndarray]:
    """(share of the inside, _MARGIN in from the outline, under _CARVED of the shape's ink level and not
    `open_paper`: carving, or paper a ring closes in; that carving, a bool mask). A shape fitted to a stroke's
    end has open paper in its corners; a seal's carving is closed in, and drawn in lines, where a brush blob
    has one round hole."""
    inner, level = _inside(page, kind, shape)
    if not inner.any():
        return 0.0, inner
    carved = (page < _CARVED * level) & inner & ~open_paper
    return float(carved.sum() / inner.sum()), carved


def _greyed_carving(page: np.ndarray, open_paper: np.ndarray, kind: str, shape: tuple) -> tuple[float, float]:
    """(length of the thin dark lines inside `shape`, _MARGIN in from its outline and not `open_paper`; the longer
    side of their box), in shorter sides: a seal's carving that blur has greyed but not filled, spread over the seal.
    A brush blob's inside is flat but for noise."""
    inner, level = _inside(page, kind, shape)
    if not inner.any():
        return 0.0, 0.0
    lines = (cv2.morphologyEx(page, cv2.MORPH_BLACKHAT, _LINE_KERNEL) >= _LINE_DEPTH * level) & inner & ~open_paper
    _, labels, stats, _ = cv2.connectedComponentsWithStats(lines.view(np.uint8), connectivity=8)
    lines = np.isin(labels, 1 + np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] >= _LINE_PIECE))  # specks of noise dropped
    ys, xs = np.nonzero(lines)
    side = min(shape[1])
    return _extent(lines)[0] / side, (max(np.ptp(xs), np.ptp(ys)) if len(xs) else 0) / side


def _inside(page: np.ndarray, kind: str, shape: tuple) -> tuple[np.ndarray, float]:
    """(the inside read for carving, _MARGIN of the shorter side in from the outline and at least 2 px, a bool mask;
    the shape's ink level, the 90th percentile of `page` within its outline, 0 when that inside is empty)."""
    inner = _filled(page, kind, shape, -max(2.0, _MARGIN * min(shape[1]))) > 0
    if not inner.any():
        return inner, 0.0
    return inner, float(np.percentile(page[_filled(page, kind, shape, 0.0) > 0], 90))


def _extent(lines: np.ndarray) -> tuple[float, float]:
    """(length of the skeleton of the bool `lines`, their width at the median along it), in pixels."""
    if not lines.any():
        return 0.0, 0.0
    skeleton = skeletonize(lines)
    padded = cv2.copyMakeBorder(lines.view(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT)
    depth = cv2.distanceTransform(padded, cv2.DIST_L2, 3)[1:-1, 1:-1]
    return float(skeleton.sum()), float(2 * np.median(depth[skeleton]))


def _filled(like: np.ndarray, kind: str, shape: tuple, grow: float) -> np.ndarray:
    """0/1 mask, shaped as `like`, of `shape` grown by `grow` pixels on every side (shrunk when negative)."""
    (cx, cy), (w, h), angle = shape
    shape = ((cx, cy), (max(1.0, w + 2 * grow), max(1.0, h + 2 * grow)), angle)
    filled = np.zeros(like.shape, np.uint8)
    if kind == "rect":
        return cv2.fillPoly(filled, [np.intp(np.rint(cv2.boxPoints(shape)))], 1)
    return cv2.ellipse(filled, shape, 1, thickness=cv2.FILLED)


def _shapes(contours, *, short: int, dirt: DirtParams) -> Iterator[tuple[str, tuple]]:
    """("rect" or "ellipse", cv2 rotated box) fitted to runs of consecutive stretches of each contour, of a seal's size."""
    least, most = 4 * dirt.stamp_min_side * short, 4 * dirt.stamp_max_side * short  # a seal's perimeter
    for contour in contours:
        if len(contour) < 0.4 * least:
            continue
        outline = contour[:, 0, :].astype(np.float32)
        pieces = _stretches(outline)
        for first in range(len(pieces)):
            run = []
            for step in range(min(_RUN, len(pieces))):
                run.append(pieces[(first + step) % len(pieces)])
                length = sum(map(len, run))
                if length > most:
                    break
                if length < 0.4 * least:
                    continue
                arc = outline[np.concatenate(run)]
                trim = len(arc) // _TRIM
                for part in (arc, arc[trim : len(arc) - trim]):
                    yield "rect", cv2.minAreaRect(part)
                for ellipse in _robust_ellipses(arc):
                    yield "ellipse", ellipse


def _thin_arcs(mask: np.ndarray, *, short: int, dirt: DirtParams) -> Iterator[tuple[str, tuple]]:
    """("rect" or "ellipse", cv2 rotated box) fitted to each stretch of thin ink (the ink less its opening by a disc
    thicker than a seal's rim, thinner than a brush stroke) of a seal's size: a rim's arcs between the strokes that
    cross it, where a stroke running along the rim leaves no sharp turn in the contour to cut it at."""
    side = 2 * int(_THIN * short) + 1
    thin = mask & ~cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(thin, connectivity=8)
    least = 0.5 * dirt.stamp_min_side * short
    for label in 1 + np.flatnonzero(stats[1:, [cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT]].max(1) >= least):
        x, y, w, h = stats[label, :4]
        arc = (cv2.findNonZero((labels[y : y + h, x : x + w] == label).view(np.uint8)).reshape(-1, 2) + (x, y)).astype(np.float32)
        yield "rect", cv2.minAreaRect(arc)
        if len(arc) >= 5:
            yield "ellipse", cv2.fitEllipse(arc)


def _split_paper(paper: np.ndarray, pieces: np.ndarray, *, short: int, dirt: DirtParams) -> Iterator[tuple[str, tuple]]:
    """("rect" or "ellipse", cv2 rotated box) fitted round each pair of closed-in pieces of `paper` (labels, and their
    cv2 stats `pieces`; 0 labels the ink, and the open paper is the pad's) that fit in a seal's box: a broad stroke
    across a ring splits the paper it closes in, and the pieces together are the ring's inside (grown by its rim
    below, as a hole's fit is). The ellipse is fitted to their hull, where the stroke's edges do not pull it in."""
    least, most = _PIECE * dirt.stamp_min_side * short, dirt.stamp_max_side * short
    large = [label for label in range(1, len(pieces)) if label != paper[0, 0] and pieces[label, 2:4].max() >= least]
    for first, second in combinations(large, 2):
        x0, y0 = np.minimum(pieces[first, :2], pieces[second, :2])
        x1, y1 = np.maximum(pieces[first, :2] + pieces[first, 2:4], pieces[second, :2] + pieces[second, 2:4])
        if max(x1 - x0, y1 - y0) > most:
            continue
        cut = paper[y0:y1, x0:x1]
        both = ((cut == first) | (cut == second)).view(np.uint8)
        contours, _ = cv2.findContours(both, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        outline = (np.concatenate([c[:, 0, :] for c in contours]) + (x0, y0)).astype(np.float32)
        yield "rect", cv2.minAreaRect(outline)
        hull = cv2.convexHull(outline)[:, 0, :]
        if len(hull) >= 5:
            yield "ellipse", cv2.fitEllipse(hull)


def _inscribed(mask: np.ndarray, *, short: int, dirt: DirtParams) -> Iterator[tuple[str, tuple]]:
    """("ellipse", cv2 rotated box) of the largest disc inside the ink at each of its deep places, of a seal's least
    radius or more, the deepest first and one within that radius: a filled seal at a stroke's end, the stroke's
    edges running smoothly into its rim, leaves no sharp turn to cut the contour at, and every run holding its rim
    holds the stroke's edges too; the disc is there all the same (refitted to the rim below)."""
    least = 0.5 * dirt.stamp_min_side * short
    depth = cv2.distanceTransform(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, _SOLID), cv2.DIST_L2, 5)
    reach = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * int(least) + 1, 2 * int(least) + 1))
    ys, xs = np.nonzero((depth >= least) & (depth >= cv2.dilate(depth, reach)))
    centres: list[tuple[int, int]] = []
    for x, y in sorted(zip(xs, ys), key=lambda point: -depth[point[1], point[0]]):
        if all((x - a) ** 2 + (y - b) ** 2 >= least**2 for a, b in centres):
            centres.append((x, y))
            side = 2 * float(depth[y, x]) + 1
            yield "ellipse", ((float(x), float(y)), (side, side), 0.0)


def _stretches(outline: np.ndarray) -> list[np.ndarray]:
    """Index arrays of the stretches of a closed contour between its sharp turns (the whole of it when it has none)."""
    n = len(outline)
    steps = np.arange(n)
    back, ahead = outline[(steps - _SPAN) % n] - outline, outline[(steps + _SPAN) % n] - outline
    cos = (back * ahead).sum(1) / np.maximum(np.hypot(*back.T) * np.hypot(*ahead.T), 1e-6)
    turn = 180.0 - np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
    sharp = turn > _CORNER
    if sharp.all() or not sharp.any():
        return [steps]
    order = np.roll(steps, -int(np.flatnonzero(~sharp)[0]))  # start on a smooth point: runs of sharp ones do not wrap
    closed = np.append(sharp[order], False).astype(np.int8)  # back at the smooth start: every run ends
    bounds = np.flatnonzero(np.diff(closed)).reshape(-1, 2)  # (last smooth, last sharp) of each run
    cuts = sorted(int(order[a + 1 + np.argmax(turn[order[a + 1 : b + 1]])]) for a, b in bounds)  # each run's sharpest
    return [np.arange(a, b if b > a else b + n) % n for a, b in zip(cuts, cuts[1:] + cuts[:1])]


def _stretched(box: tuple, points: np.ndarray) -> list[tuple]:
    """`box` with its sides lengthened along the edge points that continue them: a stroke across a side cuts the
    stretch there, and the run fitted may hold only part of that side."""
    (_, _), (w, h), _ = box
    u, v = _in_frame(box, points)
    on_uprights = (np.abs(np.abs(u) - w / 2) <= _TOL) & (np.abs(v) <= 1.5 * h)
    on_crossbars = (np.abs(np.abs(v) - h / 2) <= _TOL) & (np.abs(u) <= 1.5 * w)
    v0, v1 = min(-h / 2, v[on_uprights].min(initial=0)), max(h / 2, v[on_uprights].max(initial=0))
    u0, u1 = min(-w / 2, u[on_crossbars].min(initial=0)), max(w / 2, u[on_crossbars].max(initial=0))
    return [_box_between(box, *sides) for sides in ((-w / 2, w / 2, v0, v1), (u0, u1, -h / 2, h / 2), (u0, u1, v0, v1))]


def _snapped(box: tuple, points: np.ndarray) -> list[tuple]:
    """`box` with each side moved onto the edge points along it, within _REFIT_BANDS of its shorter side (and at
    least 2 _TOL), ever nearer: the rectangle round a run that holds a stroke's edge sits a few pixels off the rim."""
    fits = []
    for band in _REFIT_BANDS:
        (_, _), (w, h), _ = box
        if min(w, h) < 2:
            break
        reach = max(2 * _TOL, band * min(w, h))
        u, v = _in_frame(box, points)
        sides = [-w / 2, w / 2, -h / 2, h / 2]
        for index, (across, along, half) in enumerate(((u, v, h / 2), (u, v, h / 2), (v, u, w / 2), (v, u, w / 2))):
            on = (np.abs(across - sides[index]) <= reach) & (np.abs(along) <= half - reach)  # corners left out
            if on.sum() >= 5:
                sides[index] = float(np.median(across[on]))
        if sides[1] - sides[0] < 2 or sides[3] - sides[2] < 2:
            break
        box = _box_between(box, *sides)
        fits.append(box)
    return fits


def _in_frame(box: tuple, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`points` in the frame of the rotated `box`: (along its width, along its height) from its centre."""
    (cx, cy), _, angle = box
    theta = np.radians(angle)
    u, v = ((points - (cx, cy)) @ np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])).T
    return u, v


def _box_between(box: tuple, u0: float, u1: float, v0: float, v1: float) -> tuple:
    """The rectangle of `box`'s angle between u0..u1 and v0..v1 in its frame (`_in_frame`)."""
    (cx, cy), _, angle = box
    theta = np.radians(angle)
    u, v = (u0 + u1) / 2, (v0 + v1) / 2
    centre = (float(cx + u * np.cos(theta) - v * np.sin(theta)), float(cy + u * np.sin(theta) + v * np.cos(theta)))
    return centre, (float(u1 - u0), float(v1 - v0)), angle


def _robust_ellipses(arc: np.ndarray) -> Iterator[tuple]:
    """An ellipse fitted to `arc`, then again to the points of it nearest that fit: a stroke's edge that runs
    into the rim is dropped."""
    for _ in range(2):
        if len(arc) < 5:
            return
        ellipse = cv2.fitEllipse(arc)
        yield ellipse
        (cx, cy), (a, b), angle = ellipse
        if not np.isfinite([cx, cy, a, b]).all() or min(a, b) < 2:
            return
        off = _ellipse_offset(arc, ellipse)
        keep = off <= max(2 * _TOL, np.partition(off, int(0.7 * (len(off) - 1)))[int(0.7 * (len(off) - 1))])
        if keep.all():
            return
        arc = arc[keep]


def _refitted(ellipse: tuple, points: np.ndarray) -> list[tuple]:
    """`ellipse` fitted again, and again, to the edge points ever nearer its outline: the stretches of a rim that
    strokes cut apart, once a first fit that the strokes' edges pulled aside is brought onto it."""
    fits = []
    for band in _REFIT_BANDS:
        (_, _), (a, b), _ = ellipse
        if not np.isfinite([a, b]).all() or min(a, b) < 2:
            break
        near = points[_ellipse_offset(points, ellipse) <= max(2 * _TOL, band * min(a, b))]
        if len(near) < 10:
            break
        ellipse = cv2.fitEllipse(near)
        fits.append(ellipse)
    return fits


def _ellipse_offset(points: np.ndarray, ellipse: tuple) -> np.ndarray:
    """Distance of each point from the ellipse's outline, approximately (radial, in pixels)."""
    (cx, cy), (a, b), angle = ellipse
    theta = np.radians(angle)
    d = points - (cx, cy)
    x, y = d[:, 0] * np.cos(theta) + d[:, 1] * np.sin(theta), d[:, 1] * np.cos(theta) - d[:, 0] * np.sin(theta)
    return np.abs(np.hypot(x / (a / 2), y / (b / 2)) - 1) * min(a, b) / 2

"""seal_outline on drawn pages: a seal stamped over a stroke is found by its outline, whatever hides part of it."""

import cv2
import numpy as np
import pytest

from calligan.config.prepare import DirtParams
from calligan.data.seal_outline import _TOL, _aligned, _climbed, _onto_edges, _outline_support, _rim, _snapped, seal_across_strokes

DIRT = DirtParams()
SIDE = 300  # the page, ink 255 on black as the levelled copy cleaning hands over


def _page(seal: np.ndarray, *, blur: float, seed: int) -> np.ndarray:
    """A thick brush-like stroke ending inside `seal` (0-1, 80 px, pressed at x 190-270, y 60-140), blurred, noisy."""
    ink = np.zeros((SIDE, SIDE), np.float32)
    cv2.line(ink, (40, 250), (235, 100), 1.0, 26, cv2.LINE_AA)
    cv2.line(ink, (60, 60), (60, 240), 1.0, 18, cv2.LINE_AA)
    np.maximum(ink[60:140, 190:270], seal, out=ink[60:140, 190:270])
    ink = cv2.GaussianBlur(ink, (0, 0), blur)
    noise = np.random.default_rng(seed).normal(0, 0.03, ink.shape)
    return np.clip(255 * (ink + noise), 0, 255).astype(np.uint8)


def _block(*, carved: bool, round_: bool) -> np.ndarray:
    block = np.zeros((80, 80), np.uint8)
    if round_:
        cv2.ellipse(block, (40, 40), (38, 38), 0, 0, 360, 1, -1, cv2.LINE_AA)
    else:
        cv2.rectangle(block, (1, 1), (78, 78), 1, -1)
    if carved:  # seal text cut in 1 px lines, which blur greys rather than leaves paper-dark
        for start, end in (((20, 22), (60, 24)), ((22, 40), (58, 38)), ((40, 18), (41, 62)), ((24, 58), (56, 56))):
            cv2.line(block, start, end, 0, 1)
    return block.astype(np.float32)


def _ring(*, rim: int, round_: bool) -> np.ndarray:
    ring = np.zeros((80, 80), np.uint8)
    if round_:
        cv2.ellipse(ring, (40, 40), (39 - rim // 2, 39 - rim // 2), 0, 0, 360, 1, rim, cv2.LINE_AA)
    else:
        cv2.rectangle(ring, (rim // 2, rim // 2), (79 - rim // 2, 79 - rim // 2), 1, rim)
    cv2.line(ring, (28, 30), (52, 30), 1, 2)  # a little seal text
    return ring.astype(np.float32)


@pytest.mark.parametrize("round_", [False, True])
def test_a_carved_block_whose_carving_blur_greyed_is_a_seal_and_a_solid_one_is_not(round_):
    """1 px carving blurred at 1.2 px stays above the carving level of `_carving`; its greyed lines still show."""
    assert seal_across_strokes(_page(_block(carved=True, round_=round_), blur=1.2, seed=1), DIRT)
    assert not seal_across_strokes(_page(_block(carved=False, round_=round_), blur=1.2, seed=1), DIRT)


def _carved_in(block: np.ndarray, *, width: int) -> np.ndarray:
    """`block` with seal text cut in lines `width` px wide, two of them crossing at a slant."""
    block = block.astype(np.uint8)
    for start, end in (((18, 24), (62, 30)), ((18, 34), (62, 26)), ((40, 16), (36, 64)), ((20, 56), (60, 52))):
        cv2.line(block, start, end, 0, width, cv2.LINE_AA)
    return block.astype(np.float32)


@pytest.mark.parametrize("round_", [False, True])
def test_a_block_carved_in_wide_crossing_lines_is_a_seal_and_a_blob_with_one_hole_is_not(round_):
    """Where two 8 px lines cross at a slant the carving is as wide as a brush loop's hole; along its lines it is
    not, and a hole is short where carving runs on (the rule before read the carving at its widest)."""
    solid = _block(carved=False, round_=round_)
    assert seal_across_strokes(_page(_carved_in(solid, width=8), blur=1.0, seed=4), DIRT)
    holed = solid.astype(np.uint8)
    cv2.ellipse(holed, (40, 40), (10, 16), 30, 0, 360, 0, -1, cv2.LINE_AA)
    assert not seal_across_strokes(_page(holed.astype(np.float32), blur=1.0, seed=4), DIRT)


@pytest.mark.parametrize("round_", [False, True])
def test_a_thin_ring_half_hidden_by_a_stroke_is_a_seal_and_a_thick_loop_is_not(round_):
    """A stroke's end fills the lower right of the ring's inside: along half the outline the ink runs deep, as a
    brush loop's does all round (the outline rule before its refits took the square one for a solid block)."""
    hidden = _ring(rim=4, round_=round_)
    hidden[34:, 34:] = np.maximum(hidden[34:, 34:], _block(carved=False, round_=round_)[34:, 34:])
    assert seal_across_strokes(_page(hidden, blur=0.8, seed=2), DIRT)
    assert not seal_across_strokes(_page(_ring(rim=22, round_=round_), blur=0.8, seed=2), DIRT)


def test_a_page_of_strokes_alone_has_no_seal():
    assert not seal_across_strokes(_page(np.zeros((80, 80), np.float32), blur=1.0, seed=3), DIRT)


def test_the_rim_is_read_where_paper_lies_outside_it_not_where_a_stroke_crosses_the_outline():
    """A broad stroke across the upper part of a 4 px ring and past both its sides: read there too, as the rule
    did before, the rim's median depth is the stroke's, half the side, and the ring reads as a block."""
    ink = np.zeros((120, 120), np.uint8)
    cv2.rectangle(ink, (22, 22), (97, 97), 1, 4)
    ink[8:60, :] = 1
    assert _rim(ink, "rect", ((59.5, 59.5), (80.0, 80.0), 0.0), quantile=0.5) <= 0.1


def test_a_rectangle_pulled_off_the_rim_by_a_stroke_is_snapped_back_onto_its_sides():
    """The edge points of a 40 px seal and of a stroke rising from its top corner; the rectangle round a run that
    held the stroke's edge sits 3 px above the seal's top, past the reach of the outline test."""
    side = np.arange(40, dtype=np.float32)
    rim = np.concatenate([np.stack([side, np.zeros(40)], 1), np.stack([side, np.full(40, 39)], 1),
                          np.stack([np.zeros(40), side], 1), np.stack([np.full(40, 39), side], 1)])
    stroke = np.stack([np.full(12, 30.0), -np.arange(12, dtype=np.float32)], 1)
    points = np.concatenate([rim, stroke]).astype(np.float32)
    (cx, cy), (w, h), _ = _snapped(((19.5, 18.0), (39.0, 42.0), 0.0), points)[-1]
    assert abs(cx - 19.5) < 0.6 and abs(cy - 19.5) < 0.6 and abs(w - 39) < 1.1 and abs(h - 39) < 1.1


def test_pages_under_200_px_are_not_looked_at():
    """There a seal's rim is a pixel wide, as thin as a drawn stroke: the JPEG copy in tests/prepare/test_stage.py,
    decoded at 136 px, closed a seal-sized box in with its strokes."""
    page = _page(_ring(rim=4, round_=False), blur=0.8, seed=2)
    assert seal_across_strokes(page, DIRT)
    assert not seal_across_strokes(page[:199], DIRT)


def test_two_sides_of_a_seal_give_the_rectangle_along_them_not_the_one_along_their_diagonal():
    """A seal at the page's foot, a stroke running smoothly out of its right side: the one run of its outline is the
    left side and the foot. The rectangles of least area round such an L are two, its own and one along its
    diagonal, and cv2.minAreaRect returned the diagonal one."""
    side = np.arange(30, dtype=np.float32)
    left, foot = np.stack([np.zeros(30), side], 1), np.stack([side, np.full(30, 29)], 1)
    turn = np.radians(10)
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]], np.float32)
    left, foot = left @ rotation.T, foot @ rotation.T
    (cx, cy), (w, h), angle = _aligned(np.concatenate([left, foot]).astype(np.float32), left.astype(np.float32))
    assert sorted([w, h]) == pytest.approx([29, 29], abs=0.5)
    assert (cx, cy) == pytest.approx(tuple(np.array([14.5, 14.5], np.float32) @ rotation.T), abs=0.5)
    assert min(abs(angle - 100) % 90, 90 - abs(angle - 100) % 90) < 1


def _edges_of(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ink mask, `near`: within _TOL of its edges), as seal_across_strokes reads them."""
    mask = ink.astype(np.uint8)
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    edges = cv2.drawContours(np.zeros_like(mask), contours, -1, 1, 1)
    return mask, cv2.distanceTransform(1 - edges, cv2.DIST_L2, 3) <= _TOL


def _ring_crossed() -> np.ndarray:
    """A 60 px ring, 4 px rim, centred at (60, 60), and a broad stroke across its upper left that runs on past it."""
    ink = np.zeros((120, 120), np.uint8)
    cv2.circle(ink, (60, 60), 28, 1, 4)
    cv2.line(ink, (0, 10), (60, 62), 1, 16)
    return ink


@pytest.mark.parametrize("pulled", [((56.0, 57.0), (66.0, 74.0), 30.0), ((58.0, 61.0), (50.0, 52.0), 0.0)])
def test_an_ellipse_pulled_off_the_rim_is_moved_onto_its_outer_edge_along_its_normals(pulled):
    """Pulled aside by the stroke, or fitted inside the rim, where the nearest edge along the normals is the rim's
    inner one: only an edge with ink inside and paper outside draws the fit (a stroke's edge across the outline
    has ink on both sides of it)."""
    mask, near = _edges_of(_ring_crossed())
    (cx, cy), (w, h), _ = _onto_edges(mask, near, "ellipse", pulled)
    assert (cx, cy) == pytest.approx((60, 60), abs=1) and (w, h) == pytest.approx((60, 60), abs=1)  # the rim: r 26-30
    assert _outline_support(mask, near, "ellipse", ((cx, cy), (w, h), 0.0))[0] > 0.6 > _outline_support(mask, near, "ellipse", pulled)[0]


def test_a_rectangle_off_the_rim_is_climbed_onto_it():
    ink = np.zeros((120, 120), np.uint8)
    cv2.rectangle(ink, (30, 30), (89, 89), 1, 4)
    cv2.line(ink, (0, 20), (60, 60), 1, 16)
    mask, near = _edges_of(ink)
    off = ((63.0, 57.0), (56.0, 64.0), 0.0)
    climbed = _climbed(mask, near, "rect", off)
    assert _outline_support(mask, near, "rect", climbed)[0] >= 0.8 > _outline_support(mask, near, "rect", off)[0] + 0.3
    (cx, cy), (w, h), _ = climbed
    assert (cx, cy, w, h) == pytest.approx((59.5, 59.5, 63, 63), abs=1.5)  # the rim drawn at 30-89, 4 px: 28-91

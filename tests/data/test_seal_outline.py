"""seal_outline on drawn pages: a seal stamped over a stroke is found by its outline, whatever hides part of it."""

import cv2
import numpy as np
import pytest

from calligan.config.prepare import DirtParams
from calligan.data.seal_outline import (_LEVELS, _PAD, _around, _carving, _greyed_carving, _outlined, _rim, _snapped,
                                         seal_across_strokes)

DIRT = DirtParams()
SIDE = 300  # the page, ink 255 on black as the levelled copy cleaning hands over


def _page(seal: np.ndarray, *, blur: float, seed: int, cover: tuple = ((40, 250), (235, 100), 26)) -> np.ndarray:
    """`seal` (0-1, 80 px, pressed at x 190-270, y 60-140) beside an upright stroke, and a broad `cover` stroke
    ((x0, y0), (x1, y1), width) over it (by default one that ends inside it), blurred, noisy."""
    ink = np.zeros((SIDE, SIDE), np.float32)
    start, end, width = cover
    cv2.line(ink, start, end, 1.0, width, cv2.LINE_AA)
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
        _cut(block, (((20, 22), (60, 24)), ((22, 40), (58, 38)), ((40, 18), (41, 62)), ((24, 58), (56, 56))))
    return block.astype(np.float32)


def _cut(block: np.ndarray, lines: tuple) -> np.ndarray:
    """`block` with 1 px `lines` ((start, end) each) cut in it."""
    for start, end in lines:
        cv2.line(block, start, end, 0, 1)
    return block


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


@pytest.mark.parametrize("round_", [False, True])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_ruled_block_needs_less_greyed_carving_when_it_spreads_over_the_seal(round_, seed):
    """The block is 0.86-0.89 an edge. Three short lines spread over it read 0.39-0.44 of its side in greyed lines,
    under the half a block needs, spread over 0.49-0.54 of it: seal text. Three in one corner read 0.27-0.41 within
    0.17-0.19 of it: a brush blob's nicks, or the soft rim of its small hole, are that close together."""
    spread = (((18, 20), (34, 21)), ((58, 28), (59, 44)), ((30, 30), (30, 44)))
    assert seal_across_strokes(_page(_cut(_block(carved=False, round_=round_), spread), blur=1.2, seed=seed), DIRT)
    corner = (((16, 18), (27, 19)), ((16, 24), (27, 25)), ((16, 30), (27, 31)))
    assert not seal_across_strokes(_page(_cut(_block(carved=False, round_=round_), corner), blur=1.2, seed=seed), DIRT)


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


@pytest.mark.parametrize("seed", [1, 2])
def test_a_ring_split_by_a_broad_stroke_across_it_is_a_seal_and_a_thick_box_so_split_is_not(seed):
    """A 14 px stroke runs down through the middle of a 4 px square ring and past both its sides: the paper the
    ring closes in is two pieces, each too narrow for a seal, and the contour turns into the stroke at each side.
    Fitted together (`_split_paper`), they are the ring's inside."""
    cover = ((230, 30), (230, 200), 14)
    assert seal_across_strokes(_page(_ring(rim=4, round_=False), blur=0.8, seed=seed, cover=cover), DIRT)
    assert not seal_across_strokes(_page(_ring(rim=22, round_=False), blur=0.8, seed=seed, cover=cover), DIRT)


def _padded(page: np.ndarray) -> np.ndarray:
    """`page` with the paper round it that `seal_across_strokes` adds before `_outlined` reads it."""
    return cv2.copyMakeBorder(page, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_CONSTANT)


def _small_ring_crossed(*, seal: bool, blur: float) -> np.ndarray:
    """A 32 px square ring with a 2 px rim (when `seal`) and a 14 px stroke down across its right part, blurred."""
    ink = np.zeros((SIDE, SIDE), np.float32)
    cv2.line(ink, (60, 60), (60, 240), 1.0, 18, cv2.LINE_AA)
    if seal:
        cv2.rectangle(ink, (181, 101), (210, 130), 1.0, 2)
    cv2.line(ink, (176, 40), (216, 192), 1.0, 14, cv2.LINE_AA)
    ink = cv2.GaussianBlur(ink, (0, 0), blur)
    return np.clip(255 * (ink + np.random.default_rng(1).normal(0, 0.03, ink.shape)), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("blur", [1.0, 1.5, 2.0])
def test_a_small_ring_that_blur_joins_to_a_stroke_is_found_at_half_the_ink_level(blur):
    """Blur spreads the ink: at a quarter of its level the rim and the stroke swell, and the paper between them closes
    to slivers that no shape is fitted to. At half of it the rim's edges are back where the seal was cut."""
    page = _small_ring_crossed(seal=True, blur=blur)
    padded = _padded(page)
    assert not _outlined(padded, _LEVELS[0], DIRT, round_rings=True)
    assert _outlined(padded, _LEVELS[1], DIRT, round_rings=False)
    assert seal_across_strokes(page, DIRT)
    assert not seal_across_strokes(_small_ring_crossed(seal=False, blur=blur), DIRT)


@pytest.mark.parametrize("round_", [False, True])
def test_at_half_the_ink_level_a_thin_round_rim_is_not_taken_for_a_seal(round_):
    """There a brush loop's rim thins as a seal's does (five cursive loops in 1,000 clean generated scans were taken
    for rings); a ruled ring, or a carved block, has no brush look-alike."""
    padded = _padded(_page(_ring(rim=4, round_=round_), blur=0.8, seed=2))
    assert _outlined(padded, _LEVELS[1], DIRT, round_rings=True)
    assert _outlined(padded, _LEVELS[1], DIRT, round_rings=False) == (not round_)
    carved = _padded(_page(_block(carved=True, round_=True), blur=1.2, seed=1))
    assert _outlined(carved, _LEVELS[1], DIRT, round_rings=False)


def _written(*, lines: int) -> np.ndarray:
    """A round block with seal text cut in `lines` 2 px lines, each about half its side long."""
    block = _block(carved=False, round_=True).astype(np.uint8)
    for start, end in (((18, 24), (62, 26)), ((20, 40), (60, 38)), ((40, 16), (38, 64)), ((20, 56), (60, 55)))[:lines]:
        cv2.line(block, start, end, 0, 2, cv2.LINE_AA)
    return block.astype(np.float32)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_block_with_its_carving_written_out_is_a_seal_though_a_stroke_hides_much_of_its_outline(seed):
    """A 40 px stroke down the left of a carved round block leaves 0.57-0.59 of its outline an edge, under the 0.6 a
    block needs (brush dots are round and solid too): its carving, four lines nearly twice its side long in all,
    says seal; one such line, a nick in a brush dot's ink, does not."""
    cover = ((196, 30), (200, 170), 40)
    assert seal_across_strokes(_page(_written(lines=4), blur=0.8, seed=seed, cover=cover), DIRT)
    assert not seal_across_strokes(_page(_written(lines=1), blur=0.8, seed=seed, cover=cover), DIRT)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_round_block_a_stroke_half_hides_is_a_seal_when_its_greyed_carving_shows(seed):
    """The 40 px stroke above leaves 0.57-0.58 of the outline an edge. Three 1 px lines, blurred at 1.2 px, are
    paper-dark in under 0.08 of the inside but read 1.04-1.07 of the side in greyed lines: seal text, as carving
    written out is. A 10 px nick reads 0.12."""
    def page(lines: tuple) -> np.ndarray:
        block = _cut(_block(carved=False, round_=True), lines)
        return _page(block, blur=1.2, seed=seed, cover=((196, 30), (200, 170), 40))

    assert seal_across_strokes(page((((20, 22), (60, 24)), ((22, 40), (58, 38)), ((40, 18), (41, 62)))), DIRT)
    assert not seal_across_strokes(page((((50, 30), (60, 31)),)), DIRT)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_carved_disc_at_a_stroke_s_end_is_a_seal_and_a_brush_dot_there_is_not(seed):
    """A 32 px stroke runs into the disc with its lower edge along the disc's: no sharp turn cuts the contour
    there, and every run that holds the rim holds the stroke's edge too. The largest disc in the ink there is
    the seal's (`_inscribed`); with no carving it is a brush dot, and stays."""
    cover = ((90, 142), (215, 122), 32)
    assert seal_across_strokes(_page(_written(lines=4), blur=1.0, seed=seed, cover=cover), DIRT)
    assert not seal_across_strokes(_page(_block(carved=False, round_=True), blur=1.0, seed=seed, cover=cover), DIRT)


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


@pytest.mark.parametrize("round_", [False, True])
def test_the_inside_read_on_the_shape_s_box_is_the_inside_read_on_the_whole_page(round_):
    """`_around` cuts the page to the shape before its carving is read: the same carving, the same greyed lines."""
    page = _page(_block(carved=True, round_=round_), blur=0.6, seed=5)
    open_paper = page < 64
    shape = ((230.0, 100.0), (78.0, 78.0), 0.0)
    kind = "ellipse" if round_ else "rect"
    cut_page, cut_paper, cut_shape = _around(page, open_paper, shape)
    assert cut_page.size < page.size / 10
    whole, cut = _carving(page, open_paper, kind, shape), _carving(cut_page, cut_paper, kind, cut_shape)
    assert whole[0] > 0.02 and whole[0] == cut[0] and whole[1].sum() == cut[1].sum()
    greyed = _greyed_carving(page, open_paper, kind, shape)
    assert greyed == _greyed_carving(cut_page, cut_paper, kind, cut_shape) and greyed[0] > 0

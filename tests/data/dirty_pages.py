"""Scanned-page look-alikes, clean and with each form of dirt, drawn from a seed.

A character (ink 255 on black, any size) goes on a page of 200-400 px a side; dirt is drawn at a
random size, place and stroke width; then ink colours, blur, paper noise and a JPEG quality are
drawn too. The recall benchmark feeds it cccr characters with one seed to tune and another to
measure; the tests feed it drawn characters.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

SEAL_FORMS = ("carved", "ring", "ring_empty", "round", "oval")
KINDS = ("blank", "stamp", "frame", "extra_characters")  # the reason each dirty page should be rejected with
# cccr classes whose characters have detached dots or short strokes (以's dots, 然's four, 心's three, 小's two,
# 为's, and 於, 于's cursive form, with its two): the brush's own parts a note rule must not take for notes
DETACHED_CLASSES = tuple("以然心小为于")


def detached_characters(cccr: Path) -> list[np.ndarray]:
    """Every image of DETACHED_CLASSES in the cccr zip at `cccr` (ink white on black), whatever prepare decides
    about it: they are all real characters."""
    with zipfile.ZipFile(cccr) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".png") and n.split("/")[-2] in DETACHED_CLASSES)
        return [np.asarray(Image.open(io.BytesIO(archive.read(name))).convert("L")) for name in names]


def clean(strokes: np.ndarray, rng: np.random.Generator, *, colour: bool) -> bytes:
    """The character alone on a page; `colour` scans it as RGB on tinted paper."""
    height, width = _page_size(rng)
    ink = np.zeros((height, width), np.float32)
    _place(ink, strokes, (0, 0, width, height), rng)
    return render(ink, None, rng, colour=colour)


def dirty(kind: str, strokes: np.ndarray, rng: np.random.Generator, *, form: str = "") -> bytes:
    """A page that should be rejected as `kind` (one of KINDS); `form` picks a seal form (random when "")."""
    return _DIRT[kind](strokes, rng, form or str(rng.choice(SEAL_FORMS)))


def near_blank(_strokes: np.ndarray, rng: np.random.Generator, _form: str) -> bytes:
    """No character: one stray dot or smudge of 0.03-0.6 % of the page, or a few specks of 0.25 % in all."""
    height, width = _page_size(rng)
    ink = np.zeros((height, width), np.float32)
    blobs, total = (1, rng.uniform(0.0003, 0.006)) if rng.random() < 0.7 else (int(rng.integers(2, 5)), rng.uniform(0.0003, 0.0025))
    for _ in range(blobs):
        area = total * height * width / blobs
        a = np.sqrt(area / np.pi) * rng.uniform(0.6, 1.6)
        b = area / (np.pi * a)
        centre = (int(rng.uniform(0.05, 0.95) * width), int(rng.uniform(0.05, 0.95) * height))
        cv2.ellipse(ink, centre, (max(1, round(a)), max(1, round(b))), float(rng.uniform(0, 180)), 0, 360, 1.0, -1, cv2.LINE_AA)
    return render(ink, None, rng, colour=rng.random() < 0.5)


def stamped(strokes: np.ndarray, rng: np.random.Generator, form: str, *, red: bool | None = None) -> bytes:
    """The character beside a seal of `form` in a corner or beside its middle.

    red: a vermilion seal on an RGB scan, or a dark one (grey or RGB scan); None draws which.
    """
    height, width = _page_size(rng)
    side = int(rng.uniform(0.12, 0.3) * min(height, width))
    seal = seal_mask(form, side, rng)
    sh, sw = seal.shape
    margin = int(rng.uniform(0.02, 0.06) * min(height, width))
    left = rng.random() < 0.5
    x = margin if left else width - margin - sw
    y = int(rng.choice([margin, height - margin - sh, rng.integers(margin, height - margin - sh)]))
    ink = np.zeros((height, width), np.float32)
    strip = (sw + 2 * margin, 0, width, height) if left else (0, 0, width - sw - 2 * margin, height)
    _place(ink, strokes, strip, rng)
    layer = np.zeros_like(ink)
    layer[y : y + sh, x : x + sw] = seal
    if red is None:
        red = rng.random() < 0.6
    if red:
        return render(ink, layer, rng, colour=True)
    return render(np.maximum(ink, layer), None, rng, colour=rng.random() < 0.5)


def touching_seal(strokes: np.ndarray, rng: np.random.Generator, form: str) -> tuple[bytes, float]:
    """The character with a dark seal of `form` stamped over one of its strokes near a side of its ink
    box, the stroke 0-30 % of the seal's side in from its near edge (so rim and stroke touch), as a real
    seal is stamped over the last stroke; and the share of the character's ink the seal covers.
    """
    height, width = _page_size(rng)
    short = min(height, width)
    ink = np.zeros((height, width), np.float32)
    inset = int(0.05 * short)
    _place(ink, strokes, (inset, inset, width - inset, height - inset), rng)
    side = int(rng.uniform(0.12, 0.3) * short)
    seal = seal_mask(form, side, rng)
    sh, sw = seal.shape
    rows, cols = np.nonzero(ink > 0.5)
    # a stroke pixel in the outer fifth of the ink box on one side; the seal's near edge goes over it
    side_of = int(rng.integers(4))  # 0 right, 1 left, 2 bottom, 3 top
    along, lo, hi = (cols, cols.min(), cols.max()) if side_of < 2 else (rows, rows.min(), rows.max())
    outer = along >= hi - 0.2 * (hi - lo) if side_of % 2 == 0 else along <= lo + 0.2 * (hi - lo)
    pick = int(rng.choice(np.flatnonzero(outer)))
    py, px = rows[pick], cols[pick]
    into = rng.uniform(0.0, 0.3)  # how far into the seal, from its near edge, the stroke pixel lies
    x = px - into * sw if side_of == 0 else px - (1 - into) * sw if side_of == 1 else px - rng.uniform(0.2, 0.8) * sw
    y = py - into * sh if side_of == 2 else py - (1 - into) * sh if side_of == 3 else py - rng.uniform(0.2, 0.8) * sh
    x, y = int(np.clip(x, 0, width - sw)), int(np.clip(y, 0, height - sh))
    covered = float((ink[y : y + sh, x : x + sw] > 0.5)[seal > 0.5].sum())
    layer = np.zeros_like(ink)
    layer[y : y + sh, x : x + sw] = seal
    share = covered / float((ink > 0.5).sum())
    return render(np.maximum(ink, layer), None, rng, colour=rng.random() < 0.5), share


def seal_mask(form: str, side: int, rng: np.random.Generator) -> np.ndarray:
    """A seal's ink (0-1 float) in its box: a block with carved text, a square or round ring around
    text, an empty ring, or an oval; seal text is a few straight strokes per character cell."""
    aspect = rng.uniform(1.2, 1.5) if form == "oval" else rng.uniform(1.0, 1.1)
    h, w = (side, int(side * aspect)) if rng.random() < 0.5 else (int(side * aspect), side)
    mask = np.zeros((h, w), np.uint8)
    rim = max(2, int(rng.uniform(0.04, 0.1) * side))
    centre, axes = (w // 2, h // 2), (w // 2 - rim // 2 - 1, h // 2 - rim // 2 - 1)
    filled = form == "carved" or (form in ("round", "oval") and rng.random() < 0.4)
    round_ = form in ("round", "oval") or (form == "carved" and rng.random() < 0.3)
    thickness = -1 if filled else rim
    if round_:
        cv2.ellipse(mask, centre, axes, 0, 0, 360, 1, thickness, cv2.LINE_AA)
    else:
        cv2.rectangle(mask, (rim // 2, rim // 2), (w - 1 - rim // 2, h - 1 - rim // 2), 1, thickness, cv2.LINE_AA)
    if form != "ring_empty":
        _seal_text(mask, rim, value=0 if filled else 1, rng=rng)
    return mask.astype(np.float32)


def _seal_text(mask: np.ndarray, rim: int, *, value: int, rng: np.random.Generator) -> None:
    h, w = mask.shape
    inner = 2 * rim
    cells = int(rng.choice([1, 2])) if min(h, w) > 40 else 1
    stroke = max(1, int(rng.uniform(0.5, 1.0) * rim))
    size_y, size_x = (h - 2 * inner) / cells, (w - 2 * inner) / cells
    for row in range(cells):
        for col in range(cells):
            x0, y0 = inner + col * size_x, inner + row * size_y
            for _ in range(int(rng.integers(2, 5))):
                horizontal = rng.random() < 0.5
                a, b = rng.uniform(0.15, 0.85, 2)
                start = (x0 + 0.15 * size_x, y0 + a * size_y) if horizontal else (x0 + a * size_x, y0 + 0.15 * size_y)
                end = (x0 + 0.85 * size_x, y0 + b * size_y) if horizontal else (x0 + b * size_x, y0 + 0.85 * size_y)
                cv2.line(mask, tuple(map(int, start)), tuple(map(int, end)), value, stroke, cv2.LINE_AA)


def framed(strokes: np.ndarray, rng: np.random.Generator, _form: str) -> bytes:
    """Ruled lines near the edges: a box, top and bottom, or left and right, slightly tilted."""
    height, width = _page_size(rng)
    ink = np.zeros((height, width), np.float32)
    inset = int(rng.uniform(0.02, 0.1) * min(height, width))
    _place(ink, strokes, (inset + 4, inset + 4, width - inset - 4, height - inset - 4), rng)
    line = max(1, int(rng.uniform(0.005, 0.025) * min(height, width)))
    tilt = int(rng.integers(-3, 4))
    x0, y0, x1, y1 = inset, inset, width - 1 - inset, height - 1 - inset
    sides = rng.choice(["box", "top_bottom", "left_right"])
    if sides in ("box", "top_bottom"):
        cv2.line(ink, (0, y0), (width - 1, y0 + tilt), 1.0, line, cv2.LINE_AA)
        cv2.line(ink, (0, y1), (width - 1, y1 - tilt), 1.0, line, cv2.LINE_AA)
    if sides in ("box", "left_right"):
        cv2.line(ink, (x0, 0), (x0 + tilt, height - 1), 1.0, line, cv2.LINE_AA)
        cv2.line(ink, (x1, 0), (x1 - tilt, height - 1), 1.0, line, cv2.LINE_AA)
    return render(ink, None, rng, colour=rng.random() < 0.5)


def annotated(strokes: np.ndarray, rng: np.random.Generator, _form: str) -> bytes:
    """Small thin-pen glyphs (a name, a number) under the character or beside its lower half."""
    height, width = _page_size(rng)
    ink = np.zeros((height, width), np.float32)
    short = min(height, width)
    scale = rng.uniform(0.0025, 0.004) * short
    text = "".join(rng.choice(list("abcdeghkmnopqrsuwxyz0123456789"), int(rng.integers(2, 5))))
    thickness = max(1, int(round(scale * 1.6)))
    (tw, th), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
    below = rng.random() < 0.5
    if below:
        _place(ink, strokes, (0, 0, width, height - th - int(0.08 * short)), rng)
        origin = (int(rng.uniform(0.05, 0.95) * (width - tw)), height - int(rng.uniform(0.03, 0.06) * short))
    else:
        _place(ink, strokes, (0, 0, width - tw - int(0.06 * short), height), rng)
        origin = (width - tw - int(rng.uniform(0.01, 0.04) * short), int(rng.uniform(0.65, 0.95) * height))
    glyphs = cv2.putText(np.zeros(ink.shape, np.uint8), text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, 255, thickness, cv2.LINE_AA)
    np.maximum(ink, glyphs / np.float32(255), out=ink)
    return render(ink, None, rng, colour=rng.random() < 0.5)


_DIRT: dict[str, Callable[[np.ndarray, np.random.Generator, str], bytes]] = {
    "blank": near_blank,
    "stamp": stamped,
    "frame": framed,
    "extra_characters": annotated,
}


def render(ink: np.ndarray, red: np.ndarray | None, rng: np.random.Generator, *, colour: bool) -> bytes:
    """A JPEG of `ink` (0-1) in dark ink and `red` (0-1, or None) in seal red on light, noisy paper.

    colour: an RGB scan on slightly tinted paper, else a grey one.
    """
    sigma = rng.uniform(0.0, 1.2)
    if sigma > 0.3:
        ink = cv2.GaussianBlur(ink, (0, 0), sigma)
        red = None if red is None else cv2.GaussianBlur(red, (0, 0), sigma)
    paper = rng.uniform(200, 245) + (rng.uniform(-4, 4, 3) if colour else np.zeros(3))
    tint = np.array([rng.uniform(0, 6), rng.uniform(0, 3), rng.uniform(-8, 0)]) if colour else np.zeros(3)
    page = np.broadcast_to(paper + tint, (*ink.shape, 3)).astype(np.float32)
    if red is not None:
        seal = np.array([rng.uniform(170, 235), rng.uniform(20, 90), rng.uniform(20, 90)], np.float32)
        page = page * (1 - red[..., None]) + seal * red[..., None]
    page = page * (1 - ink[..., None]) + rng.uniform(10, 60) * ink[..., None]
    page += rng.normal(0, rng.uniform(2, 8), ink.shape)[..., None]
    page = np.clip(page, 0, 255).astype(np.uint8)
    image = Image.fromarray(page) if colour else Image.fromarray(page).convert("L")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=int(rng.integers(60, 96)))
    return buffer.getvalue()


def _page_size(rng: np.random.Generator) -> tuple[int, int]:
    height, width = rng.integers(200, 401, 2)
    return int(height), int(width)


def _place(ink: np.ndarray, strokes: np.ndarray, region: tuple[int, int, int, int], rng: np.random.Generator) -> None:
    """Scale `strokes` to 75-95 % of `region` (x0, y0, x1, y1) of the page, keeping their shape, at a random place in it."""
    x0, y0, x1, y1 = region
    rows, cols = np.nonzero(strokes > 127)
    glyph = strokes[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    fit = rng.uniform(0.75, 0.95) * min((x1 - x0) / glyph.shape[1], (y1 - y0) / glyph.shape[0])
    size = (max(1, int(glyph.shape[1] * fit)), max(1, int(glyph.shape[0] * fit)))
    glyph = cv2.resize(glyph, size, interpolation=cv2.INTER_CUBIC if fit > 1 else cv2.INTER_AREA)
    x = x0 + int(rng.integers(0, x1 - x0 - size[0] + 1))
    y = y0 + int(rng.integers(0, y1 - y0 - size[1] + 1))
    ink[y : y + size[1], x : x + size[0]] = np.maximum(ink[y : y + size[1], x : x + size[0]], glyph / 255.0)

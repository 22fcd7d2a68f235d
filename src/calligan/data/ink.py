"""The ink of a page, in one convention for every source (ink bright, 255, on a black, 0, background):
polarity and levels, connected components with paper specks removed, and the ink box and specks carried
from the analysis copy back to the decoded page."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from calligan.data.geometry import scale_box

INK_THRESHOLD = 128  # after levels, a pixel at or above mid-grey is ink
_BORDER = 0.03  # the outer ring (fraction of the shorter side) where paper usually shows
_AGREE = 0.7  # the ring decides when this share of it is on one side of mid-grey


def ink_is_dark(gray: np.ndarray) -> bool:
    """Per-image polarity: the paper fills the border; when ink crosses much of it, the page median decides.

    A dark border alone does not make the ink light: a thick ruled frame at the edge of a light page
    (or a scanner's dark margin) fills the border too, so the page median has the last word there.
    """
    ring = max(1, int(round(min(gray.shape) * _BORDER)))
    border = np.concatenate(
        [gray[:ring].ravel(), gray[-ring:].ravel(), gray[ring:-ring, :ring].ravel(), gray[ring:-ring, -ring:].ravel()]
    )
    light = float(np.count_nonzero(border > 127)) / max(border.size, 1)
    if light >= _AGREE:
        return True
    return cv2.countNonZero(cv2.threshold(gray, 127, 1, cv2.THRESH_BINARY)[1]) > gray.size / 2  # the median is light


def ink_levels(gray: np.ndarray, *, ink_dark: bool, min_contrast: int) -> np.ndarray | None:
    """Lookup table (for cv2.LUT) taking `gray` to the convention: dark ink inverted, then levels
    stretched so paper is 0 and ink 255; None when ink and paper do not differ.

    ink_dark: the source has dark ink on light paper (it is inverted first).
    min_contrast: grey levels ink must stand above the paper to be ink at all.
    """
    if ink_dark:
        gray = cv2.bitwise_not(gray)
    hist = _histogram(gray)
    paper = _percentile(hist, 50)
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    above = hist.copy()
    above[: int(otsu) + 1] = 0
    ink = _percentile(above, 95) if above.any() else paper
    if ink - paper < min_contrast:
        return None
    levels = np.rint(np.clip((np.arange(256) - paper) * (255.0 / (ink - paper)), 0, 255)).astype(np.uint8)
    return levels[::-1].copy() if ink_dark else levels  # inverting folded into the table


def ink_mask(gray: np.ndarray, *, levels: np.ndarray) -> np.ndarray:
    """0/1 uint8 mask of the pixels that `levels` (from `ink_levels`) takes to ink: one threshold,
    as the table is monotone, instead of mapping every pixel through it."""
    inky = np.flatnonzero(levels >= INK_THRESHOLD)
    if levels[0] >= INK_THRESHOLD:  # inverted table: dark grey is ink
        return cv2.threshold(gray, int(inky[-1]), 1, cv2.THRESH_BINARY_INV)[1]
    return cv2.threshold(gray, int(inky[0]) - 1, 1, cv2.THRESH_BINARY)[1]


def _histogram(gray: np.ndarray) -> np.ndarray:
    """Pixel count per grey level (OpenCV's counts uint8 in place; np.bincount widens the page to int64 first)."""
    return cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel()


def _percentile(hist: np.ndarray, q: float) -> int:
    """The grey level below which q % of the counted pixels lie."""
    cumulative = np.cumsum(hist)
    return int(np.searchsorted(cumulative, cumulative[-1] * q / 100.0))


@dataclass(frozen=True)
class Ink:
    """The ink of a page as connected components, with paper specks removed."""

    image: np.ndarray  # the page, ink on black, specks erased
    mask: np.ndarray  # uint8 0/1 ink pixels without specks
    labels: np.ndarray  # component id per pixel (0 = background), uint16 or int32
    stats: np.ndarray  # cv2 stats rows (x, y, w, h, area) of every component, id order
    ids: np.ndarray  # ids of the components kept (specks excluded)
    erased: np.ndarray | None = None  # uint8 0/1 pixels blanked as specks and their rims; None when none were

    @property
    def ratio(self) -> float:
        return float(np.count_nonzero(self.mask)) / self.mask.size

    def bbox(self) -> tuple[int, int, int, int] | None:
        """(x0, y0, x1, y1), exclusive ends, around all kept ink; None without ink."""
        if not len(self.ids):
            return None
        s = self.stats[self.ids]
        return (
            int(s[:, 0].min()),
            int(s[:, 1].min()),
            int((s[:, 0] + s[:, 2]).max()),
            int((s[:, 1] + s[:, 3]).max()),
        )


def label(binary: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """(count, labels, stats) of the 8-connected components of a 0/1 uint8 image, as
    cv2.connectedComponentsWithStats gives them, with Grana's (BBDT) scan. Labels are 16-bit while
    they surely fit (under 65,536 pixels, as on every analysis copy): its stats pass runs twice as fast."""
    depth = cv2.CV_16U if binary.size < 2**16 else cv2.CV_32S
    count, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(binary, 8, depth, cv2.CCL_GRANA)
    return count, labels, stats


def find_ink(page: np.ndarray, *, speck_area: float) -> Ink:
    """Components of `page` (ink on black); those under `speck_area` of the page are erased as noise.

    speck_area: fraction of the page area below which a component is a speck.
    """
    binary = (page >= INK_THRESHOLD).view(np.uint8)
    count, labels, stats = label(binary)
    keep = stats[:, cv2.CC_STAT_AREA] >= speck_area * page.size
    keep[0] = False
    ids = np.flatnonzero(keep)
    if len(ids) == count - 1:
        return Ink(image=page, mask=binary, labels=labels, stats=stats, ids=ids)
    mask = keep.view(np.uint8)[labels]
    speck = binary > mask
    erased = (cv2.dilate(speck.view(np.uint8), np.ones((3, 3), np.uint8)) > mask).view(np.uint8)  # the speck and its anti-aliased rim
    page = page.copy()
    page[erased > 0] = 0
    return Ink(image=page, mask=mask, labels=labels, stats=stats, ids=ids, erased=erased)


def erase_specks(gray: np.ndarray, ink: Ink, *, paper: int) -> np.ndarray:
    """`gray` with the specks found on its analysis copy `ink` painted `paper` (a copy only when there are any).

    paper: the grey level the page's levels table takes to the background.
    """
    if ink.erased is None:
        return gray
    erased = ink.erased
    if erased.shape != gray.shape:
        erased = cv2.resize(erased, gray.shape[::-1], interpolation=cv2.INTER_NEAREST)
    gray = gray.copy()
    gray[erased > 0] = paper
    return gray


def page_box(gray: np.ndarray, ink: Ink, *, levels: np.ndarray) -> tuple[int, int, int, int]:
    """The ink box (x0, y0, x1, y1) on `gray`: the analysis copy's box carried over, grown by one of its
    pixels, then tightened to the ink found inside at full scale. A box only carried over is up to a
    scale factor off on each side; a re-encoded copy decoded at another scale would then crop differently
    and no longer match its original as a duplicate.

    levels: the page's levels table (cv2.LUT) from grey to ink on black.
    """
    small = ink.mask.shape
    if small == gray.shape:
        return ink.bbox()
    x0, y0, x1, y1 = scale_box(ink.bbox(), source=small, target=gray.shape)
    grow_x, grow_y = math.ceil(gray.shape[1] / small[1]), math.ceil(gray.shape[0] / small[0])
    x0, y0 = max(0, x0 - grow_x), max(0, y0 - grow_y)
    x1, y1 = min(gray.shape[1], x1 + grow_x), min(gray.shape[0], y1 + grow_y)
    x, y, w, h = cv2.boundingRect(ink_mask(gray[y0:y1, x0:x1], levels=levels))
    if not w:
        return x0, y0, x1, y1
    return x0 + x, y0 + y, x0 + x + w, y0 + y + h

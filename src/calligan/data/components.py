"""The ink of a page as connected components, with paper specks removed."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from calligan.data.polarity import INK_THRESHOLD


@dataclass(frozen=True)
class Ink:
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

"""The ink of a page as connected components, with paper specks removed."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy import ndimage

from calligan.data.polarity import INK_THRESHOLD


@dataclass(frozen=True)
class Ink:
    image: np.ndarray  # the page, ink on black, specks erased
    mask: np.ndarray  # uint8 0/1 ink pixels without specks
    labels: np.ndarray  # int32 component id per pixel (0 = background)
    stats: np.ndarray  # cv2 stats rows (x, y, w, h, area) of the components kept, id order
    ids: np.ndarray  # ids of the components kept (specks excluded)

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


def labelled(mask: np.ndarray, *, min_area: int = 0) -> tuple[int, np.ndarray, np.ndarray]:
    """(count, labels, stats) as cv2.connectedComponentsWithStats gives them (8-connected, row 0 the
    background), several times faster here: its statistics pass costs more than the labelling.

    min_area: boxes are filled only for components at least this big (specks keep a zero box).
    """
    count, labels = cv2.connectedComponents(mask, connectivity=8)
    stats = np.zeros((count, 5), np.int64)
    stats[:, 4] = np.bincount(labels.ravel(), minlength=count)
    boxes = ndimage.find_objects(labels)
    for index in np.flatnonzero(stats[1:, 4] >= min_area) + 1:
        rows, cols = boxes[index - 1]
        stats[index, :4] = cols.start, rows.start, cols.stop - cols.start, rows.stop - rows.start
    stats[0, :4] = 0, 0, mask.shape[1], mask.shape[0]
    return count, labels, stats


def find_ink(page: np.ndarray, *, speck_area: float) -> Ink:
    """Components of `page` (ink on black); those under `speck_area` of the page are erased as noise.

    speck_area: fraction of the page area below which a component is a speck.
    """
    binary = (page >= INK_THRESHOLD).astype(np.uint8)
    min_area = speck_area * page.size
    count, labels, stats = labelled(binary, min_area=int(np.ceil(min_area)))
    keep = stats[:, 4] >= min_area
    keep[0] = False
    ids = np.flatnonzero(keep)
    if len(ids) < count - 1:
        keep_map = keep.astype(np.uint8)
        mask = keep_map[labels]
        speck = (binary == 1) & (mask == 0)
        halo = cv2.dilate(speck.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        page = page.copy()
        page[halo & (mask == 0)] = 0  # the speck and its anti-aliased rim
    else:
        mask = binary
    return Ink(image=page, mask=mask, labels=labels, stats=stats, ids=ids)

"""Duplicates: the same packed pixels, or the same picture passed through recompression, resampling or a
small shift (same perceptual hash once centred, near-equal ink, and no part of the glyph moved).

Another writer's simple glyph is no copy however close its pixels: two 28 px 1s can differ in under
15 % of their ink while one's stroke lies a pixel beside the other's. A copy's ink stays where the
original's is, give or take the blur of resampling; so besides the overall difference, the ink of each
must lie on the other's (within `edge_slack` of the side).
"""

from __future__ import annotations

import hashlib

import cv2
import numpy as np

_HASH_SIDE = 32  # DCT input side of the perceptual hash
_HASH_BITS = 8  # low-frequency block side: 64 bits
_MIDDLE = (_HASH_BITS * _HASH_BITS - 1) // 2  # the middle one of the odd count of AC terms (all but the DC term)
_SKETCH = 8  # side of the coarse sums a candidate is first ruled out by
_MAX_SHIFT = 2  # pixels, at the packed size, that a copy's ink centroid may be shifted by
_STEP = 64  # a pixel is ink in one image and not in the other when it is this much brighter there than anywhere
# near it in the other: JPEG's ringing and a resampling's blur move levels by less at a glyph's edge


def pixel_hash(gray: np.ndarray) -> bytes:
    """Digest of the pixels and their shape: equal only for identical images."""
    digest = hashlib.sha256(repr(gray.shape).encode())  # with the CPU's SHA extensions, four times blake2b's speed
    digest.update(np.ascontiguousarray(gray).data)
    return digest.digest()


def perceptual_hash(image: np.ndarray) -> int:
    """128 bits: the 64-bit pHash (signs of the low DCT frequencies against their median) of `image` as it
    lies, above that of `image` moved so that its ink centroid is in the middle. Both survive re-encoding
    and resizing; the second a shift too (a 28 px 1 moved by 2 px changes 12-26 bits of the first, past
    any shared band), the first a copy whose slightly different crop or boldness moved its centroid
    but not its strokes."""
    return _phash(image) << 64 | _phash(_centred(image))


def _phash(image: np.ndarray) -> int:
    small = cv2.resize(image, (_HASH_SIDE, _HASH_SIDE), interpolation=cv2.INTER_AREA).astype(np.float32)
    block = cv2.dct(small)[:_HASH_BITS, :_HASH_BITS].ravel()
    bits = block > np.partition(block[1:], _MIDDLE)[_MIDDLE]  # their median; np.median's overhead is ten times the work
    return int(np.packbits(bits).view(">u8")[0])


class DuplicateFinder:
    """Remembers kept images in arrival order and names the earlier copy a new image repeats.

    Candidates share one of the four 16-bit bands of either perceptual hash (so any two hashes within
    3 bits meet), and are compared both as they lie and with the new image moved onto their ink centroid.
    Two tests decide.

    The ink differs little overall. With ink totals A and B and difference D = sum |a - b| (ink moved
    off the canvas counted in D), sum max(a, b) is (A + B + D) / 2, so D <= max_diff * sum max(a, b) is
    (2 - max_diff) D <= max_diff (A + B). As D >= |A - B|, a candidate whose total is too far off,
    (2 - max_diff) |A - B| > max_diff (A + B), cannot match and is passed over unread: with tens of
    thousands of images a popular band holds hundreds of candidates.

    And no part of the glyph moved (`max_moved`, `edge_slack`): this is what tells a copy from another
    writer's simple glyph, and it is computed only for the few pairs that pass the first test.
    """

    def __init__(self, *, images: np.ndarray, max_diff: float, max_moved: float, edge_slack: float) -> None:
        """images: the packed images, indexed like `first_copy`'s `index` (read, never copied).
        max_diff: share of the ink that may differ, sum|a - b| / sum(max(a, b)), between copies.
        max_moved: share of the ink pixels of the inkier of two copies that may be ink in one and paper
            everywhere within `edge_slack` in the other.
        edge_slack: that reach, as a share of the side (whole pixels, rounded down): resampling and a
            slightly different crop move a 64 px copy's edges by a pixel or two, while at 28 px another
            writer's 1 lies a pixel beside the first.
        """
        self._images = images
        self._max_diff = max_diff
        self._max_moved = max_moved
        reach = int(edge_slack * images.shape[1])
        self._near = np.ones((2 * reach + 1,) * 2, np.uint8) if reach else None
        self._totals = np.zeros(len(images), np.int64)  # ink total of each remembered image
        self._centres = np.zeros((len(images), 2))  # ink centroid (x, y) of each remembered image
        self._sketches = np.zeros((len(images), _SKETCH * _SKETCH), np.float32)  # and its `_sketch`
        self._pixels: dict[bytes, int] = {}
        self._perceptual: dict[tuple[int, int], list[int]] = {}  # band key: remembered images holding it

    def first_copy(self, *, index: int, phash: int) -> int | None:
        """Index of the earlier image that `images[index]` duplicates, or None (and it is remembered).

        phash: `perceptual_hash(images[index])`, made where the image was (in a worker).
        """
        image = self._images[index]
        pixels = pixel_hash(image)
        if pixels in self._pixels:
            return self._pixels[pixels]
        keys = [(band, (phash >> (16 * band)) & 0xFFFF) for band in range(8)]
        total = int(cv2.norm(image, cv2.NORM_L1))
        centre = _centroid(image)
        earlier = self._candidates(keys, total)
        if len(earlier):
            # the first test for all candidates at once, as they lie and moved onto each one's centroid
            shifts = np.rint(self._centres[earlier] - centre).astype(int)
            passed = np.zeros((2, len(earlier)), bool)
            moved = {}  # (dx, dy): the image moved so, for the candidates whose centroid asks for it
            shifts[np.abs(shifts).max(axis=1) > _MAX_SHIFT] = 0  # farther is no small shift: compared as they lie alone
            for dx, dy in {(0, 0), *map(tuple, shifts)}:
                whose = np.arange(len(earlier)) if (dx, dy) == (0, 0) else np.flatnonzero((shifts == (dx, dy)).all(axis=1))
                moved[dx, dy] = _shift(image, dx, dy)
                lost = total - int(cv2.norm(moved[dx, dy], cv2.NORM_L1))  # ink moved off the canvas
                bound = np.abs(self._sketches[earlier[whose]] - _sketch(moved[dx, dy])).sum(axis=1)
                whose = whose[self._near_enough(bound + lost, earlier[whose], total)]  # a sketch's difference is a lower bound
                difference = np.abs(self._images[earlier[whose]].astype(np.int16) - moved[dx, dy]).sum(axis=(1, 2))
                passed[int((dx, dy) != (0, 0)), whose] = self._near_enough(difference + lost, earlier[whose], total)
            for position in np.flatnonzero(passed.any(axis=0)):  # in arrival order: the first copy is named
                lying, centred = passed[:, position].tolist()
                for shift in [(0, 0)] * lying + [tuple(shifts[position])] * centred:
                    if self._stayed(moved[shift], self._images[earlier[position]]):
                        return int(earlier[position])
        self._pixels[pixels] = index
        self._totals[index] = total
        self._centres[index] = centre
        self._sketches[index] = _sketch(image)
        for key in keys:
            self._perceptual.setdefault(key, []).append(index)
        return None

    def _candidates(self, keys: list[tuple[int, int]], total: int) -> np.ndarray:
        """Remembered images, in arrival order, that share a band with the new image's hashes and whose
        ink total is near enough to `total` that they could pass the first test."""
        lists = [self._perceptual[key] for key in keys if key in self._perceptual]
        if not lists:
            return np.zeros(0, np.int64)
        earlier = np.unique(np.concatenate(lists))
        return earlier[self._near_enough(np.abs(self._totals[earlier] - total), earlier, total)]

    def _near_enough(self, difference: np.ndarray, earlier: np.ndarray, total: int) -> np.ndarray:
        """The first test, (2 - max_diff) D <= max_diff (A + B), for each of the `earlier` images, given
        their differences D (or lower bounds of them) from an image of ink total `total`."""
        return (2 - self._max_diff) * difference <= self._max_diff * (self._totals[earlier] + total)

    def _stayed(self, image: np.ndarray, other: np.ndarray) -> bool:
        """Whether the ink of two aligned images lies on each other's (`max_moved`, `edge_slack`)."""
        near_image = image if self._near is None else cv2.dilate(image, self._near)
        near_other = other if self._near is None else cv2.dilate(other, self._near)
        astray = _count_over(cv2.subtract(image, near_other)) + _count_over(cv2.subtract(other, near_image))
        return astray <= self._max_moved * max(_count_over(image), _count_over(other), 1)


def _sketch(image: np.ndarray) -> np.ndarray:
    """The ink summed over _SKETCH x _SKETCH areas: the summed differences of two sketches are at most
    those of the images (each pixel's weights over the areas add up to one), and cost a tenth to compare."""
    area = image.shape[0] * image.shape[1] / (_SKETCH * _SKETCH)
    return (cv2.resize(image.astype(np.float32), (_SKETCH, _SKETCH), interpolation=cv2.INTER_AREA) * area).ravel()


def _count_over(levels: np.ndarray) -> int:
    return int(np.count_nonzero(levels > _STEP))


def _centroid(image: np.ndarray) -> tuple[float, float]:
    moments = cv2.moments(image)
    if not moments["m00"]:
        return image.shape[1] / 2, image.shape[0] / 2
    return moments["m10"] / moments["m00"], moments["m01"] / moments["m00"]


def _shift(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """`image` moved by whole pixels, paper (0) coming in at the edges, ink going out of them lost."""
    if not dx and not dy:
        return image
    return cv2.warpAffine(image, np.float32([[1, 0, dx], [0, 1, dy]]), image.shape[::-1], flags=cv2.INTER_NEAREST)


def _centred(image: np.ndarray) -> np.ndarray:
    """`image` moved, by a fraction of a pixel too, so that its ink centroid is in the middle: a copy whose
    centroid lies a hair the other side of a pixel's edge moves the same."""
    x, y = _centroid(image)
    move = np.float32([[1, 0, image.shape[1] / 2 - x], [0, 1, image.shape[0] / 2 - y]])
    return cv2.warpAffine(image, move, image.shape[::-1], flags=cv2.INTER_LINEAR)

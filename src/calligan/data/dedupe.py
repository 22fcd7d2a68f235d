"""Duplicates: the same packed pixels, or a re-encoded copy (same perceptual hash, near-equal pixels)."""

from __future__ import annotations

import hashlib

import cv2
import numpy as np

_HASH_SIDE = 32  # DCT input side of the perceptual hash
_HASH_BITS = 8  # low-frequency block side: 64 bits
_MIDDLE = (_HASH_BITS * _HASH_BITS - 1) // 2  # the middle one of the odd count of AC terms (all but the DC term)


def pixel_hash(gray: np.ndarray) -> bytes:
    """Digest of the pixels and their shape: equal only for identical images."""
    digest = hashlib.sha256(repr(gray.shape).encode())  # with the CPU's SHA extensions, four times blake2b's speed
    digest.update(np.ascontiguousarray(gray).data)
    return digest.digest()


def perceptual_hash(image: np.ndarray) -> int:
    """64-bit pHash: signs of the low DCT frequencies against their median; survives re-encoding and resizing."""
    small = cv2.resize(image, (_HASH_SIDE, _HASH_SIDE), interpolation=cv2.INTER_AREA).astype(np.float32)
    block = cv2.dct(small)[:_HASH_BITS, :_HASH_BITS].ravel()
    bits = block > np.partition(block[1:], _MIDDLE)[_MIDDLE]  # their median; np.median's overhead is ten times the work
    return int(np.packbits(bits).view(">u8")[0])


class DuplicateFinder:
    """Remembers kept images in arrival order and names the earlier copy a new image repeats.

    Candidates share one of the four 16-bit bands of the perceptual hash (so any two hashes within
    3 bits meet); the pixel difference of the packed images decides. As sum max(a, b) is
    (A + B + D) / 2 for ink totals A, B and difference D >= |A - B|, a candidate whose total is too far
    off, (2 - max_diff) |A - B| > max_diff (A + B), cannot match and is passed over unread: with tens
    of thousands of images a popular band holds hundreds of candidates.
    """

    def __init__(self, *, images: np.ndarray, max_diff: float) -> None:
        """images: the packed images, indexed like `first_copy`'s `index` (read, never copied).
        max_diff: share of the ink that may differ, sum|a - b| / sum(max(a, b)), between copies.
        """
        self._images = images
        self._max_diff = max_diff
        self._totals = np.zeros(len(images), np.int64)  # ink total of each remembered image
        self._pixels: dict[bytes, int] = {}
        self._perceptual: dict[tuple[int, int], list[int]] = {}

    def first_copy(self, *, index: int, phash: int) -> int | None:
        """Index of the earlier image that `images[index]` duplicates, or None (and it is remembered).

        phash: `perceptual_hash(images[index])`, made where the image was (in a worker).
        """
        pixels = pixel_hash(self._images[index])
        if pixels in self._pixels:
            return self._pixels[pixels]
        keys = [(band, (phash >> (16 * band)) & 0xFFFF) for band in range(4)]
        candidates = np.array(sorted({earlier for key in keys for earlier in self._perceptual.get(key, [])}), np.int64)
        total = int(self._images[index].sum(dtype=np.int64))
        if len(candidates):
            gap = np.abs(self._totals[candidates] - total)
            candidates = candidates[(2 - self._max_diff) * gap <= self._max_diff * (self._totals[candidates] + total)]
        if len(candidates):
            image = self._images[index].astype(np.int16)
            others = self._images[candidates]  # all candidates at once: one numpy call, not one per candidate
            differ = np.abs(others - image).sum(axis=(1, 2))
            near = np.flatnonzero(differ <= self._max_diff * np.maximum(others, image).sum(axis=(1, 2)))
            if len(near):
                return int(candidates[near[0]])
        self._pixels[pixels] = index
        self._totals[index] = total
        for key in keys:
            self._perceptual.setdefault(key, []).append(index)
        return None

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
    3 bits meet); the pixel difference of the packed images decides. With ink totals A and B and
    difference D = sum |a - b|, sum max(a, b) is (A + B + D) / 2, so the test D <= max_diff * sum max(a, b)
    is (2 - max_diff) D <= max_diff (A + B): only D has to be computed. As D >= |A - B|, a candidate
    whose total is too far off, (2 - max_diff) |A - B| > max_diff (A + B), cannot match and is passed
    over unread: with tens of thousands of images a popular band holds hundreds of candidates.
    """

    def __init__(self, *, images: np.ndarray, max_diff: float) -> None:
        """images: the packed images, indexed like `first_copy`'s `index` (read, never copied).
        max_diff: share of the ink that may differ, sum|a - b| / sum(max(a, b)), between copies.
        """
        self._images = images
        self._max_diff = max_diff
        self._totals = [0] * len(images)  # ink total of each remembered image
        self._pixels: dict[bytes, int] = {}
        self._perceptual: dict[tuple[int, int], list[int]] = {}

    def first_copy(self, *, index: int, phash: int) -> int | None:
        """Index of the earlier image that `images[index]` duplicates, or None (and it is remembered).

        phash: `perceptual_hash(images[index])`, made where the image was (in a worker).
        """
        image = self._images[index]
        pixels = pixel_hash(image)
        if pixels in self._pixels:
            return self._pixels[pixels]
        keys = [(band, (phash >> (16 * band)) & 0xFFFF) for band in range(4)]
        total = int(cv2.norm(image, cv2.NORM_L1))
        slack, scale = 2 - self._max_diff, self._max_diff
        for earlier in sorted({earlier for key in keys for earlier in self._perceptual.get(key, [])}):
            other = self._totals[earlier]
            if slack * abs(other - total) > scale * (other + total):
                continue
            if slack * cv2.norm(image, self._images[earlier], cv2.NORM_L1) <= scale * (other + total):
                return earlier
        self._pixels[pixels] = index
        self._totals[index] = total
        for key in keys:
            self._perceptual.setdefault(key, []).append(index)
        return None

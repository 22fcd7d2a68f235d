"""Deterministic 8-bit grayscale PNG encoding, in parallel threads (cv2.imencode releases the GIL)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
from tqdm import tqdm

from calligan.errors import CalliganError

_CHUNK = 256  # images per thread task: enough to hide the pool's per-task cost


def encode_png(image: np.ndarray, *, compression: int) -> bytes:
    """image: uint8 (S, S); compression: zlib level 0-9. OpenCV writes no time or text chunks."""
    ok, encoded = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, compression])
    if not ok:
        raise CalliganError(f"OpenCV could not encode a {image.dtype} {image.shape} image as PNG")
    return encoded.tobytes()


def encode_all(images: np.ndarray, *, compression: int, workers: int, progress: bool = True) -> list[bytes]:
    """PNG bytes of every image of a uint8 (N, S, S) stack, in order.

    workers: threads; 0 = one per CPU core. progress: show a tqdm bar.
    """
    chunks = [images[start : start + _CHUNK] for start in range(0, len(images), _CHUNK)]
    encoded: list[bytes] = []
    with (
        ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool,
        tqdm(total=len(images), desc="encode png", unit="img", disable=not progress) as bar,
    ):
        for chunk in pool.map(lambda part: [encode_png(im, compression=compression) for im in part], chunks):
            encoded.extend(chunk)
            bar.update(len(chunk))
    return encoded

"""Drawn test pages: a multi-stroke 'character', on paper, encoded (the `draw` fixture)."""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image


def character(size: int = 240, *, thickness: int = 0, offset: tuple[int, int] = (0, 0)) -> np.ndarray:
    """Ink (255) on black: strokes, a hook and two separate dots, like a calligraphy character."""
    page = np.zeros((size, size), np.uint8)
    t = thickness or max(3, size // 22)
    ox, oy = offset

    def p(x: float, y: float) -> tuple[int, int]:
        return int(x * size) + ox, int(y * size) + oy

    cv2.line(page, p(0.25, 0.35), p(0.75, 0.33), 255, t)
    cv2.line(page, p(0.5, 0.2), p(0.52, 0.75), 255, t)
    cv2.ellipse(page, p(0.45, 0.6), (size // 6, size // 10), 20, 0, 200, 255, t)
    cv2.circle(page, p(0.3, 0.5), t, 255, -1)
    cv2.circle(page, p(0.7, 0.5), t, 255, -1)
    return page


def on_paper(ink_page: np.ndarray, *, paper: int = 235, ink: int = 25, noise: float = 6.0, seed: int = 0) -> np.ndarray:
    """The competition look: dark ink on light, slightly noisy paper."""
    rng = np.random.default_rng(seed)
    page = paper + (ink - paper) * (ink_page.astype(np.float32) / 255.0) + rng.normal(0, noise, ink_page.shape)
    return np.clip(page, 0, 255).astype(np.uint8)


def encode(array: np.ndarray, fmt: str = "PNG", **kwargs) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()

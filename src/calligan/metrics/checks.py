"""Input checks shared by the metrics: each failure is one CalliganError line saying what to change."""

from __future__ import annotations

import numpy as np

from calligan.errors import CalliganError


def require_images(images: np.ndarray, *, what: str) -> None:
    """uint8 (N, H, W) gray or (N, H, W, 3) RGB: the only pixel format the metrics accept.

    what: names the set in the message, e.g. "generated images".
    """
    if images.dtype != np.uint8 or not (images.ndim == 3 or (images.ndim == 4 and images.shape[-1] == 3)):
        raise CalliganError(
            f"{what}: expected uint8 images shaped (N, H, W) or (N, H, W, 3), got {images.dtype} {images.shape}; "
            "quantise to uint8 as a PNG would before scoring"
        )


def require_count(count: int, *, need: int, what: str, metric: str) -> None:
    """count: samples available; need: the metric's minimum; metric: names the metric in the message."""
    if count < need:
        raise CalliganError(f"{metric} needs at least {need} {what}, got {count}; score more images")


def require_same_size(real: np.ndarray, fake: np.ndarray) -> None:
    """Both sets must share height, width and channels: metrics compare like with like."""
    if real.shape[1:] != fake.shape[1:]:
        raise CalliganError(
            f"resolution mismatch: real images are {_describe(real)} but generated images are {_describe(fake)}; "
            "score both sets at the same size"
        )


def _describe(images: np.ndarray) -> str:
    size = "x".join(str(side) for side in images.shape[1:3])
    return size if images.ndim == 3 else f"{size} RGB"

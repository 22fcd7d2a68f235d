"""Reading an image pack (`.npz` with uint8 `images` and optional per-image arrays), checked once for all stages."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from calligan.errors import CalliganError

PER_IMAGE = ("labels", "seeds")  # optional arrays that must hold one entry per image


def load_image_pack(path: str | os.PathLike, *, what: str, fix: str, size: int | None = None,
                    allow_empty: bool = False) -> dict[str, np.ndarray]:
    """Every array of the pack at `path`, after checking `images` is uint8 (N, H, W) with N > 0.

    what: how to name the file to the user, e.g. "generated images".
    fix: what the user should do about a missing or malformed file, e.g. "run `calligan generate`".
    size: the side every image must have; None accepts any square or not.
    allow_empty: accept N = 0 (a held-out pack when nothing was held out).
    """
    path = Path(path)
    if not path.is_file():
        raise CalliganError(f"{path}: {what} not found; {fix}")
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    images = arrays.get("images")
    expected = f"(N, {size}, {size})" if size is not None else "(N, H, W)"
    if images is None:
        raise CalliganError(f"{path}: no `images` array inside, expected uint8 {expected}; {fix}")
    if (images.dtype != np.uint8 or images.ndim != 3 or not (len(images) or allow_empty)
            or (size is not None and images.shape[1:] != (size, size))):
        raise CalliganError(f"{path}: {what} are {images.dtype} {images.shape}, expected uint8 {expected}; {fix}")
    for name in PER_IMAGE:
        if name in arrays and arrays[name].shape != (len(images),):
            raise CalliganError(f"{path}: `{name}` has shape {arrays[name].shape}: {len(arrays[name])} {name} "
                                f"for {len(images)} images; {fix}")
    return arrays


def load_heldout_pack(path: str | os.PathLike, *, size: int | None = None) -> dict[str, np.ndarray] | None:
    """A held-out pack the prepare stage wrote (`load_image_pack`'s arrays), or None when it holds no
    image (`prepare.holdout` false, or a source too small to spare any): the caller then scores against
    the training images and says so."""
    arrays = load_image_pack(path, what="held-out real images", size=size, allow_empty=True,
                             fix="run `calligan prepare` (it writes the held-out packs beside dataset.npz)")
    return arrays if len(arrays["images"]) else None

"""Read an image set the way `python -m pytorch_fid` does: a folder of images, or a packed `.npz`.

A `.npz` holds either calligan's packed uint8 `images` or pytorch-fid's precomputed `mu`/`sigma`.
Folder images are read with PIL `.convert('RGB')` like pytorch-fid; when all three channels are equal
(every calligan image) they are kept as one gray channel, which the feature network folds exactly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from pytorch_fid.fid_score import IMAGE_EXTENSIONS

from calligan.errors import CalliganError
from calligan.metrics.stats import FeatureStats


def image_files(folder: Path) -> list[Path]:
    """The files pytorch-fid's CLI would read: one level deep, its extensions, sorted."""
    return sorted(file for ext in IMAGE_EXTENSIONS for file in folder.glob(f"*.{ext}"))


def _read_folder(folder: Path) -> np.ndarray:
    files = image_files(folder)
    if not files:
        raise CalliganError(f"{folder}: no images ({', '.join(sorted(IMAGE_EXTENSIONS))}) in this folder")
    images = [np.asarray(Image.open(file).convert("RGB")) for file in files]
    sizes = {image.shape for image in images}
    if len(sizes) > 1:
        raise CalliganError(f"{folder}: images differ in size ({len(sizes)} sizes); resize them to one size first")
    stacked = np.stack(images)
    gray = (stacked[..., 0] == stacked[..., 1]).all() and (stacked[..., 0] == stacked[..., 2]).all()
    return np.ascontiguousarray(stacked[..., 0]) if gray else stacked


def _read_npz(path: Path) -> np.ndarray | FeatureStats:
    with np.load(path) as packed:
        if "images" in packed:
            return packed["images"]
        if "mu" in packed and "sigma" in packed:
            # pytorch-fid statistics files do not record their sample count; 0 stands for "unknown".
            return FeatureStats(mu=packed["mu"], sigma=packed["sigma"], count=0)
        keys = ", ".join(packed.files) or "none"
    raise CalliganError(f"{path}: expected an 'images' array or 'mu'/'sigma' statistics, found keys {keys}")


def load_image_set(path: str | Path) -> np.ndarray | FeatureStats:
    """uint8 images (N, H, W) or (N, H, W, 3), or precomputed statistics from a pytorch-fid `.npz`."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if path.suffix == ".npz" and path.is_file():
        return _read_npz(path)
    raise CalliganError(f"{path}: not a folder of images or an .npz file; check the path")

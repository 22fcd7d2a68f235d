"""Re-open a written submission and check it is what the competition asks for."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from calligan.errors import CalliganError
from calligan.export.manifest import MANIFEST_NAME
from calligan.export.polarity import border_mean, is_light_background


@dataclass(frozen=True)
class SubmissionCheck:
    count: int  # PNG files in the archive
    size: int  # their common side
    border_mean: float  # mean gray level of the image frames, light for dark ink on white


def _decode(name: str, data: bytes, *, size: int) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        if image.format != "PNG" or image.mode != "L" or image.size != (size, size):
            raise CalliganError(
                f"submission member {name} is {image.format} mode {image.mode} {image.size[0]}x{image.size[1]}, "
                f"expected PNG mode L (8-bit gray) {size}x{size}"
            )
        return np.asarray(image)


def validate_submission(path: str | Path, *, count: int, size: int) -> SubmissionCheck:
    """count: the PNG files expected; size: their side. Raises CalliganError on the first problem."""
    path = Path(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        pngs = [name for name in names if name.endswith(".png")]
        if len(pngs) != count:
            raise CalliganError(f"submission holds {len(pngs)} PNG files, expected {count}")
        if MANIFEST_NAME not in names:
            raise CalliganError(f"submission has no {MANIFEST_NAME}")
        manifest = pd.read_csv(io.BytesIO(archive.read(MANIFEST_NAME)))
        if manifest["file"].tolist() != pngs:
            raise CalliganError(f"{MANIFEST_NAME} does not list the PNG files in archive order")
        images = np.stack([_decode(name, archive.read(name), size=size) for name in pngs])
    if not is_light_background(images):
        raise CalliganError(
            f"submission images have dark borders (mean {border_mean(images):.0f}): light ink on black, "
            f"but the competition wants black ink on white"
        )
    return SubmissionCheck(count=count, size=size, border_mean=border_mean(images))

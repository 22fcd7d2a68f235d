"""Kept images appended to an unnamed temporary file as they arrive, so memory holds none of them."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import BinaryIO

import numpy as np

from calligan.io.npz import RawArray


class ImageSpool:
    """A growing (N, side, side) uint8 stack on disk; 40,000 images at 128 px would be 655 MB held."""

    def __init__(self, *, side: int, folder: Path) -> None:
        """side: the images' side. folder: where the file lives (unnamed, gone when closed); made only
        once an image comes, so a run that keeps nothing leaves no folder behind."""
        self._side = side
        self._folder = folder
        self._file: BinaryIO | None = None
        self.count = 0

    def append(self, image: np.ndarray) -> None:
        if image.shape != (self._side, self._side) or image.dtype != np.uint8:
            raise ValueError(f"expected a {self._side}x{self._side} uint8 image, got {image.shape} {image.dtype}")
        self._opened().write(np.ascontiguousarray(image).data)
        self.count += 1

    def raw(self) -> RawArray:
        """The stack so far, for `save_npz`."""
        file = self._opened()
        file.flush()
        return RawArray(file, (self.count, self._side, self._side), np.dtype(np.uint8))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def _opened(self) -> BinaryIO:
        if self._file is None:
            self._folder.mkdir(parents=True, exist_ok=True)
            self._file = tempfile.TemporaryFile(dir=self._folder)
        return self._file

    def __enter__(self) -> "ImageSpool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

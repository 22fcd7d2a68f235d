"""MNIST IDX files (gzip or raw): `*images?idx3-ubyte*` with their `*labels?idx1-ubyte*`."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import numpy as np

from calligan.errors import CalliganError

_IMAGES = re.compile(r"^(?P<split>.*?)[-_.]?images[-_.]idx3-ubyte(\.gz)?$")
_UBYTE = 0x08  # IDX element type code for unsigned bytes


def find_idx_pairs(folder: Path) -> dict[str, tuple[Path, Path]]:
    """{split: (images file, labels file)} for each images file that has a matching labels file."""
    pairs = {}
    for images in sorted(folder.iterdir()):
        match = _IMAGES.match(images.name)
        if not match or not images.is_file():
            continue
        pattern = re.compile(re.escape(match["split"]) + r"[-_.]?labels[-_.]idx1-ubyte(\.gz)?$")
        labels = [p for p in sorted(folder.iterdir()) if pattern.match(p.name)]
        if labels:
            pairs[match["split"] or "train"] = (images, labels[0])
    return pairs


def read_idx(path: Path) -> np.ndarray:
    """The uint8 array an IDX file holds (shape from its header)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] != _UBYTE:
        raise CalliganError(f"{path}: not an unsigned-byte IDX file; expected MNIST *-ubyte files")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(shape)):
        raise CalliganError(f"{path}: header says {shape} but holds {body.size} bytes; the file is truncated")
    return body.reshape(shape)

"""Deterministic `.npz` files: the same arrays always give the same bytes.

`numpy.savez` stamps each member with the current time, so two identical runs differ byte for
byte and DVC sees a change. Here every member gets a fixed timestamp and a fixed order.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Mapping

import numpy as np

from calligan.io.atomic import atomic_path

_EPOCH = (1980, 1, 1, 0, 0, 0)


def save_npz(path: str | os.PathLike, arrays: Mapping[str, np.ndarray], *, compress: bool = False) -> None:
    """Write `arrays` atomically as an `.npz` that `numpy.load` reads (no pickles inside).

    compress: deflate the members; smaller files for sparse images, slower to write and read.
    """
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", compression=method) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue())

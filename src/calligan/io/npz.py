"""Deterministic `.npz` files: the same arrays always give the same bytes.

`numpy.savez` stamps each member with the current time, so two identical runs differ byte for
byte and DVC sees a change. Here every member gets a fixed timestamp and a fixed order.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Mapping

import numpy as np

from calligan.io.atomic import atomic_path

_EPOCH = (1980, 1, 1, 0, 0, 0)


def save_npz(path: str | os.PathLike, arrays: Mapping[str, np.ndarray], *, compress: bool = False) -> None:
    """Write `arrays` atomically as an `.npz` that `numpy.load` reads (no pickles inside).

    compress: deflate the members; smaller files for sparse images, slower to write and read.
    Each member streams into the archive in numpy's 16 MiB pieces: no copy of an array is held,
    so a 655 MB image stack costs no extra memory to write.
    """
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", compression=method) as archive:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            # zip64 extras always: the header is written before the size is known, so it must allow any size
            with archive.open(info, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, _c_order(arrays[name]), allow_pickle=False)


def _c_order(array: np.ndarray) -> np.ndarray:
    """`array` as numpy writes it in C order: only a Fortran-ordered one is copied (numpy would store it
    transposed); strided views stream in C order as they are, and 0-d arrays stay 0-d."""
    array = np.asarray(array)
    return np.ascontiguousarray(array) if array.flags.f_contiguous and not array.flags.c_contiguous else array

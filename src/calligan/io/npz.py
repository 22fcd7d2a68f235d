"""Deterministic `.npz` files: the same arrays always give the same bytes.

`numpy.savez` stamps each member with the current time, so two identical runs differ byte for
byte and DVC sees a change. Here every member gets a fixed timestamp and a fixed order.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from calligan.io.atomic import atomic_path

_EPOCH = (1980, 1, 1, 0, 0, 0)
_PIECE = 16 * 1024**2  # bytes copied at a time from a RawArray's file


@dataclass(frozen=True)
class RawArray:
    """An array too big to hold, kept on disk as its C-order bytes; `save_npz` copies it in pieces."""

    file: BinaryIO  # holds exactly the array's bytes from offset 0
    shape: tuple[int, ...]
    dtype: np.dtype


def save_npz(path: str | os.PathLike, arrays: Mapping[str, np.ndarray | RawArray], *, compress: bool = False) -> None:
    """Write `arrays` atomically as an `.npz` that `numpy.load` reads (no pickles inside).

    compress: deflate the members; smaller files for sparse images, slower to write and read.
    Each member streams into the archive in 16 MiB pieces: no copy of an array is held, so a
    655 MB image stack costs no extra memory to write; a RawArray member is the same bytes an
    ndarray of its contents would give.
    """
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", compression=method) as archive:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            # zip64 extras always: the header is written before the size is known, so it must allow any size
            with archive.open(info, "w", force_zip64=True) as member:
                if isinstance(arrays[name], RawArray):
                    _copy_raw(arrays[name], member)
                else:
                    np.lib.format.write_array(member, _c_order(arrays[name]), allow_pickle=False)


def _copy_raw(raw: RawArray, member: BinaryIO) -> None:
    """The .npy header numpy would write for `raw`'s shape and dtype, then its bytes as they lie on disk."""
    header = {"descr": np.lib.format.dtype_to_descr(np.dtype(raw.dtype)), "fortran_order": False, "shape": tuple(raw.shape)}
    try:
        np.lib.format.write_array_header_1_0(member, header)  # the version numpy picks whenever the header fits
    except ValueError:
        np.lib.format.write_array_header_2_0(member, header)
    raw.file.seek(0)
    shutil.copyfileobj(raw.file, member, _PIECE)


def _c_order(array: np.ndarray) -> np.ndarray:
    """`array` as numpy writes it in C order: only a Fortran-ordered one is copied (numpy would store it
    transposed); strided views stream in C order as they are, and 0-d arrays stay 0-d."""
    array = np.asarray(array)
    return np.ascontiguousarray(array) if array.flags.f_contiguous and not array.flags.c_contiguous else array

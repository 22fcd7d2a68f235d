"""A zip whose bytes depend only on its members: fixed dates, fixed order, fixed permissions."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold; any fixed date would do


def write_zip(path: Path, members: Iterable[tuple[str, bytes]]) -> None:
    """members: (name, bytes) in the order they go in. Stored, not deflated: PNGs are compressed already."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

"""A zip in competition layout: members are read one at a time, never extracted to disk."""

from __future__ import annotations

import lzma
import stat
import zipfile
import zlib
from pathlib import Path

from calligan.data.names import is_junk, split_and_label, strip_wrapper, unsafe_reason, zip_member_name
from calligan.data.entry import Entry, Source
from calligan.errors import CalliganError

# what reading one damaged member raises: bad CRC or stream, cut short, unsupported method, encrypted
_MEMBER_FAULTS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, NotImplementedError, RuntimeError)


def open_zip(path: Path) -> Source:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CalliganError(f"source {path} is neither a folder nor a readable zip ({exc}); pass a dataset") from None
    refused, members = [], {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = zip_member_name(info.filename, info.flag_bits)
        parts = tuple(p for p in name.replace("\\", "/").split("/") if p)
        problem = unsafe_reason(name)
        if problem is None and is_junk(parts):
            continue
        if problem is None and stat.S_ISLNK(info.external_attr >> 16):
            problem = "symlink"
        if problem:
            refused.append((name, parts, problem))
        else:
            members[parts] = info
    depth = strip_wrapper(list(members))
    entries, by_path, ignored = [], {}, 0
    for parts, info in members.items():
        where = split_and_label(parts[depth:])
        if where is None:
            ignored += 1
            continue
        rel = "/".join(parts)
        entries.append(Entry(path=rel, split=where[0], label=where[1]))
        by_path[rel] = info
    for name, parts, problem in refused:
        where = split_and_label(parts[depth:]) or ("", "")
        entries.append(Entry(path=name, split=where[0], label=where[1], problem=problem))

    def read(entry: Entry) -> bytes:
        try:
            return archive.read(by_path[entry.path])
        except _MEMBER_FAULTS as exc:
            raise OSError(f"{entry.path}: {exc}") from exc  # one damaged member, as a failed file read is

    return Source(
        root=path,
        kind="images",
        entries=entries,
        read=read,
        ignored=ignored,
        close=archive.close,
    )

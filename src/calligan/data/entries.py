"""What a source is to the prepare stage: entries (one per input file) and a way to read them; and what
a member's name means: its decoding, its safety, junk, and the split and label of its path."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

_UTF8_FLAG = 0x800  # zip general-purpose bit 11: the name is UTF-8
_JUNK_NAMES = {"__macosx", "thumbs.db", "desktop.ini"}
_DRIVE = re.compile(r"^[A-Za-z]:")
DEFAULT_SPLIT = "train"  # a flat `<label>/<image>` layout is training data
_SPLIT = re.compile(r"(train|training|val|valid|validation|dev|test|testing|t10k)\d*")  # test1, test2: competition rounds


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the source root, POSIX separators; the manifest key
    label: str  # class name (the folder name); "" when a refused entry has none
    split: str  # split folder (train, validation, ...); "" when a refused entry has none
    problem: str | None = None  # why it is refused unread (unsafe_path, symlink); None = readable


@dataclass
class Source:
    root: Path
    kind: Literal["images", "idx"]  # images: encoded files to decode; idx: raw 28x28 digit arrays
    entries: list[Entry]  # sorted by path; refused ones included
    read: Callable[[Entry], bytes | np.ndarray | Path]  # payload of a readable entry: its bytes, an IDX digit, or
    # the file itself, which the worker reads (file reads then spread over the cores); OSError when it cannot be read
    ignored: int  # files that are not samples (junk, files outside <label>/ folders)
    close: Callable[[], None] = lambda: None


def zip_member_name(raw_name: str, flag_bits: int) -> str:
    """The real name of a zip member; legacy names (no UTF-8 flag) are tried as UTF-8, then GBK.

    raw_name: ZipInfo.filename, which zipfile decoded as cp437 when the flag is unset.
    flag_bits: ZipInfo.flag_bits.
    """
    if flag_bits & _UTF8_FLAG:
        return raw_name
    try:
        data = raw_name.encode("cp437")
    except UnicodeEncodeError:
        return raw_name
    for encoding in ("utf-8", "gbk"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw_name


def disk_name(name: str) -> str:
    """A folder entry's name as characters. `os.scandir` hands back bytes that are not UTF-8 as surrogate
    escapes, which no manifest or label can hold; such names, as Chinese Windows tools and old zip
    extractors write them, are GBK. Bytes that are not GBK either stay visible as \\xNN escapes."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def unsafe_reason(name: str) -> str | None:
    """`unsafe_path` when `name` could address something outside the source root, else None."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or "\x00" in name:
        return "unsafe_path"
    if any(part == ".." for part in re.split(r"[\\/]", name)):
        return "unsafe_path"
    return None


def is_junk(parts: tuple[str, ...]) -> bool:
    """Operating-system clutter (macOS forks, thumbnails, hidden files) that is not data."""
    return any(part.startswith(".") or part.lower() in _JUNK_NAMES for part in parts)


def split_and_label(parts: tuple[str, ...]) -> tuple[str, str] | None:
    """(split, label) of a file path relative to the dataset root, or None when it is not a sample.

    `<label>/<image>` is the flat competition layout; `<split>/<label>/<image>` keeps its split.
    `<split>/<image>` is a split without labels (a competition's `test1/`), so no sample.
    """
    if len(parts) == 2:
        return None if _looks_like_split(parts[0]) else (DEFAULT_SPLIT, parts[0])
    if len(parts) == 3:
        return parts[0], parts[1]
    return None


def strip_wrapper(paths: list[tuple[str, ...]]) -> int:
    """How many leading folders all `paths` share and that are only packaging (e.g. `mydata/`).

    A shared folder is packaging when every file lies deeper than `<split>/<label>/<image>`, or
    when it is not a split name and dropping it still leaves `<label>/<image>` paths.
    """
    depth = 0
    while paths and all(len(p) > depth + 1 for p in paths) and len({p[depth] for p in paths}) == 1:
        rest = [p[depth + 1 :] for p in paths]
        deeper = all(len(p) >= 3 for p in rest)
        wrapper = rest and all(len(p) >= 2 for p in rest) and not _looks_like_split(paths[0][depth])
        if not (deeper or wrapper):
            break
        depth += 1
    return depth


def _looks_like_split(name: str) -> bool:
    return _SPLIT.fullmatch(name.lower()) is not None

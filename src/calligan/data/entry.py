"""What a source is to the rest of the stage: entries (one per input file) and a way to read them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np


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

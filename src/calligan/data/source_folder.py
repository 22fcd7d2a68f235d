"""A folder in competition layout; links and anything resolving outside the root are refused."""

from __future__ import annotations

import os
from pathlib import Path

from calligan.data.names import is_junk, split_and_label, strip_wrapper
from calligan.data.entry import Entry, Source


def open_folder(root: Path) -> Source:
    real_root = root.resolve()
    files, refused = [], []
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                refused.append(((here / name).relative_to(root).parts, "symlink"))
        for name in names:
            full = here / name
            parts = full.relative_to(root).parts
            if is_junk(parts):
                continue
            if full.is_symlink():
                refused.append((parts, "symlink"))
            elif not full.resolve().is_relative_to(real_root):
                refused.append((parts, "unsafe_path"))
            else:
                files.append(parts)
    depth = strip_wrapper(files)
    entries, ignored = [], 0
    for parts in files:
        where = split_and_label(parts[depth:])
        if where is None:
            ignored += 1
        else:
            entries.append(Entry(path="/".join(parts), split=where[0], label=where[1]))
    for parts, problem in refused:
        where = split_and_label(parts[depth:]) or ("", "")
        entries.append(Entry(path="/".join(parts), split=where[0], label=where[1], problem=problem))
    return Source(
        root=root,
        kind="images",
        entries=entries,
        read=lambda entry: root / entry.path,
        ignored=ignored,
    )

"""Open a source (zip, folder, or MNIST IDX folder) as a sorted list of entries and a reader, or
digest what it holds."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from calligan.data.entry import Entry, Source
from calligan.data.source_folder import open_folder
from calligan.data.source_idx import looks_like_idx, open_idx
from calligan.data.source_zip import open_zip
from calligan.errors import CalliganError


def open_source(path: str | Path, *, splits: Sequence[str] = (), limit: int = 0) -> Source:
    """Open `path` and keep the entries of `splits` (all when empty), at most `limit` per class (0 = all)."""
    root = _existing(path)
    if root.is_dir():
        source = open_idx(root) if looks_like_idx(root) else open_folder(root)
    else:
        source = open_zip(root)
    source.entries = _select(source.entries, splits=splits, limit=limit)
    if not any(entry.problem is None for entry in source.entries):
        source.close()
        wanted = f" in splits {list(splits)}" if splits else ""
        raise CalliganError(
            f"source {root} is not a dataset: no <label>/<image> files found{wanted}; "
            "expected [split/]<label>/<image> folders (a zip or a folder) or MNIST IDX files"
        )
    return source


def _select(entries: list[Entry], *, splits: Sequence[str], limit: int) -> list[Entry]:
    kept, per_class = [], {}
    for entry in sorted(entries, key=lambda e: e.path):
        if entry.problem is None and splits and entry.split not in splits:
            continue
        if entry.problem is None and limit:
            per_class[entry.label] = per_class.get(entry.label, 0) + 1
            if per_class[entry.label] > limit:
                continue
        kept.append(entry)
    return kept


def digest_source(path: str | Path) -> dict:
    """sha256 over what `path` holds (a file's bytes; a folder's relative file names and bytes, in
    name order), with the file and byte counts: equal digests, equal data, wherever it lies."""
    root = _existing(path)
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    digest = hashlib.sha256()
    for file in files:
        if root.is_dir():
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        with open(file, "rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return {"sha256": digest.hexdigest(), "files": len(files), "bytes": sum(f.stat().st_size for f in files)}


def _existing(path: str | Path) -> Path:
    root = Path(path)
    if not root.exists():
        raise CalliganError(f"source {root} does not exist; set prepare.source (or prepare's --source) to a dataset zip or folder")
    return root

"""Open a source (zip, folder, or folder of MNIST IDX files) as a sorted list of entries and a reader,
or digest what it holds."""

from __future__ import annotations

import gzip
import hashlib
import lzma
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from calligan.data.entries import Entry, Source, disk_name, is_junk, split_and_label, strip_wrapper, unsafe_reason, zip_member_name
from calligan.errors import CalliganError

# what reading one damaged member raises: bad CRC or stream, cut short, unsupported method, encrypted
_MEMBER_FAULTS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, NotImplementedError, RuntimeError)
_IDX_IMAGES = re.compile(r"^(?P<split>.*?)[-_.]?images[-_.]idx3-ubyte(\.gz)?$")  # paired with its split's labels file
_UBYTE = 0x08  # IDX element type code for unsigned bytes


def open_source(path: str | Path, *, splits: Sequence[str] = (), limit: int = 0) -> Source:
    """Open `path` and keep the entries of `splits` (all when empty), at most `limit` per class (0 = all)."""
    root = _existing(path)
    if root.is_dir():
        source = open_idx(root) if find_idx_pairs(root) else open_folder(root)
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


def open_folder(root: Path) -> Source:
    """A folder in competition layout; links are refused, never followed; names that are not UTF-8 on disk are read as GBK."""
    files: dict[tuple[str, ...], str] = {}  # path parts as characters -> the file's path on disk
    refused: list[tuple[tuple[str, ...], str]] = []
    _walk(str(root), (), files=files, refused=refused)
    depth = strip_wrapper(list(files))
    entries, ignored, on_disk = [], 0, {}
    for parts, location in files.items():
        where = split_and_label(parts[depth:])
        if where is None:
            ignored += 1
        else:
            entries.append(Entry(path="/".join(parts), split=where[0], label=where[1]))
            on_disk[entries[-1].path] = location
    for parts, problem in refused:
        where = split_and_label(parts[depth:]) or ("", "")
        entries.append(Entry(path="/".join(parts), split=where[0], label=where[1], problem=problem))
    return Source(
        root=root,
        kind="images",
        entries=entries,
        read=lambda entry: Path(on_disk[entry.path]),
        ignored=ignored,
    )


def _walk(folder: str, parts: tuple[str, ...], *, files: dict, refused: list) -> None:
    """Collect the files under `folder` (at `parts` below the root) and refuse every link, to a file or a
    folder, unread. Nothing else can lead outside the root: listed names never hold a separator or "..".
    One scandir per folder and no per-file path resolution: listing 40,000 files stays a fraction of a second.
    """
    with os.scandir(folder) as listing:
        for item in listing:
            here = (*parts, disk_name(item.name))
            if is_junk(here):
                continue
            if item.is_symlink():
                refused.append((here, "symlink"))
            elif item.is_dir():
                _walk(item.path, here, files=files, refused=refused)
            else:
                files[here] = item.path


def open_zip(path: Path) -> Source:
    """A zip in competition layout: members are read one at a time, never extracted to disk."""
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


def open_idx(folder: Path) -> Source:
    """A folder of MNIST IDX files (gzip or raw): every digit becomes an entry `<images file>#<index>`."""
    entries, arrays = [], {}
    for split, (images_file, labels_file) in find_idx_pairs(folder).items():
        images, labels = read_idx(images_file), read_idx(labels_file)
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise CalliganError(f"{images_file}: {images.shape} images do not match {labels.shape} labels")
        width = len(str(len(images) - 1))
        for index, label in enumerate(labels):
            path = f"{images_file.name}#{index:0{width}d}"
            entries.append(Entry(path=path, split=split, label=str(int(label))))
            arrays[path] = (images, index)
    return Source(
        root=folder,
        kind="idx",
        entries=entries,
        read=lambda entry: arrays[entry.path][0][arrays[entry.path][1]],
        ignored=0,
    )


def find_idx_pairs(folder: Path) -> dict[str, tuple[Path, Path]]:
    """{split: (images file, labels file)} for each images file that has a matching labels file."""
    pairs = {}
    for images in sorted(folder.iterdir()):
        match = _IDX_IMAGES.match(images.name)
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

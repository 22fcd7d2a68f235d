"""A folder of MNIST IDX files: every digit becomes an entry `<images file>#<index>`."""

from __future__ import annotations

from pathlib import Path

from calligan.data.idx import find_idx_pairs, read_idx
from calligan.data.entry import Entry, Source
from calligan.errors import CalliganError


def looks_like_idx(folder: Path) -> bool:
    return bool(find_idx_pairs(folder))


def open_idx(folder: Path) -> Source:
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

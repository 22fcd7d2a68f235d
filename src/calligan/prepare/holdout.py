"""Which real images the generator never trains on: the held-out split every quality figure is scored
against (an FID against the training images rewards memorising them).

A source that ships its own held-out folder (`validation/`) gives it whole; otherwise a seeded share of
every class is drawn. The draw ranks each path by a hash of (seed, path), so an image's fate depends on
its own path alone: adding or removing other files, or another class, never moves it across the line
within a class except at the boundary the share itself sets.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from calligan.data.entries import Entry

TRAIN, HELDOUT = "train", "heldout"  # the manifest's `subset` of a kept image


def heldout_paths(entries: Iterable[Entry], *, split: str, fraction: float, seed: int) -> set[str]:
    """Paths of the readable `entries` held out from training.

    split: a source split folder held out whole when any entry lies in it (cccr's `validation/`).
    fraction: otherwise, this share of every class (rounded; a class keeps at least one image to train on).
    seed: which share.
    """
    readable = [entry for entry in entries if entry.problem is None]
    if any(entry.split == split for entry in readable):
        return {entry.path for entry in readable if entry.split == split}
    by_label: dict[str, list[str]] = defaultdict(list)
    for entry in readable:
        by_label[entry.label].append(entry.path)
    held: set[str] = set()
    for paths in by_label.values():
        count = min(round(fraction * len(paths)), len(paths) - 1)
        held.update(sorted(paths, key=lambda path: _rank(path, seed=seed))[:count])
    return held


def _rank(path: str, *, seed: int) -> bytes:
    return hashlib.sha256(f"{seed}\0{path}".encode()).digest()

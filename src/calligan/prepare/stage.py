"""The prepare stage: source in, packed dataset and its reports out."""

from __future__ import annotations

import contextlib
import functools
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from tqdm import tqdm

from calligan.config.prepare import PrepareParams
from calligan.data.cleaning import PREVIEW, Outcome, clean
from calligan.data.dataset import write_pack
from calligan.data.dedupe import DuplicateFinder
from calligan.data.entries import Entry, Source
from calligan.data.geometry import resize
from calligan.data.sources import open_source
from calligan.errors import CalliganError
from calligan.prepare.holdout import HELDOUT, TRAIN, heldout_paths
from calligan.prepare.outputs import ImageSpool, pack_name, write_manifest, write_rejects_sheet, write_summary
from calligan.prepare.parallel import ordered_map, worker_count

REJECTS_PER_REASON = 12  # tiles per reason on the rejects sheet


def run(params: PrepareParams, *, progress: bool = True, base_dir: Path = Path(".")) -> dict:
    """Read `params.source`, clean and pack it into `params.out`; return the summary written there.

    progress: show a tqdm bar on stderr.
    base_dir: the folder a relative `params.source` is relative to (the summary records it as given).
    """
    started = time.perf_counter()
    source = open_source(base_dir / params.source, splits=params.splits, limit=params.limit)
    listed = time.perf_counter()
    held = heldout_paths(source.entries, split=params.holdout_split, fraction=params.holdout_fraction,
                         seed=params.holdout_seed) if params.holdout else set()
    out = Path(params.out)
    with contextlib.ExitStack() as spools_open:
        spools = {
            (size, subset): spools_open.enter_context(ImageSpool(side=size, folder=out))
            for size in {params.reference_size} - {params.image_size} for subset in (TRAIN, HELDOUT)
        }
        try:
            rows, images, samples = _clean_all(source, params, held=held, spools=spools, progress=progress)
        finally:
            source.close()
        processed = time.perf_counter()
        kept = [row for row in rows if row["status"] == "kept"]
        if not any(row["subset"] == TRAIN for row in kept):
            reasons = dict(Counter(row["reason"] for row in rows))
            why = (f"all {len(kept)} kept images are held out; check prepare.holdout_split" if kept else
                   f"reasons {reasons}; check the source and prepare.dirt thresholds")
            raise CalliganError(f"no image kept for training from {params.source} ({len(rows)} inputs; {why})")
        classes = sorted({row["label"] for row in kept})
        index = {name: i for i, name in enumerate(classes)}
        # rows are in path order, as the kept images are
        subsets = np.array([row["subset"] for row in kept])
        labels = np.array([index[row["label"]] for row in kept], dtype=np.int64)
        for subset in (TRAIN, HELDOUT):
            chosen = subsets == subset
            packs = {params.image_size: images[chosen]}
            packs.update({size: spool.raw() for (size, part), spool in spools.items() if part == subset})
            pack_labels = labels[chosen]
            write_pack(out / pack_name(subset), images=packs[params.image_size], labels=pack_labels, classes=classes)
            # The training size too, under the reference name, so later stages find it whatever the training size.
            write_pack(out / pack_name(subset, size=params.reference_size), images=packs[params.reference_size],
                       labels=pack_labels, classes=classes)
    write_manifest(out / "manifest.csv", rows)
    write_rejects_sheet(out / "rejects.png", samples)
    summary = _summary(rows, params, source, seconds={
        "list": round(listed - started, 3),
        "process": round(processed - listed, 3),
        "write": round(time.perf_counter() - processed, 3),
    })
    write_summary(out, summary)
    return summary


def _clean_all(source: Source, params: PrepareParams, *, held: set[str], spools: dict[tuple[int, str], ImageSpool],
               progress: bool) -> tuple[list[dict], np.ndarray, list]:
    """Manifest rows, the kept images at the training size (train and held-out, in path order), and
    rejects-sheet samples; the kept images at the other sizes go to `spools` by (size, subset) (only the
    training size is held: duplicates are sought in it, across both subsets, so that no copy of a
    training image is scored as unseen).

    held: paths held out from training (`heldout_paths`)."""
    readable = [entry for entry in source.entries if entry.problem is None]
    pack = np.zeros((len(readable), params.image_size, params.image_size), np.uint8)  # pages touched only as filled
    finder = DuplicateFinder(images=pack, max_diff=params.dirt.duplicate_max_diff,
                             max_moved=params.dirt.duplicate_max_moved, edge_slack=params.dirt.duplicate_edge_slack)
    rows = [_row(entry, Outcome(status="unreadable", reason=entry.problem)) for entry in source.entries if entry.problem]
    samples: dict[str, list] = {}
    outcomes = ordered_map(
        functools.partial(clean, params=params),
        _payloads(source, readable),
        workers=worker_count(params.workers),
    )
    kept_paths: list[str] = []
    for entry, outcome in tqdm(zip(readable, outcomes), total=len(readable), disable=not progress, desc="prepare"):
        copy_of = ""
        if outcome.status == "kept":
            count = len(kept_paths)
            pack[count] = outcome.images[params.image_size]
            earlier = finder.first_copy(index=count, phash=outcome.phash)
            if earlier is None:
                kept_paths.append(entry.path)
                subset = HELDOUT if entry.path in held else TRAIN
                for (size, part), spool in spools.items():
                    if part == subset:
                        spool.append(outcome.images[size])
            else:
                outcome.status, outcome.reason, copy_of = "rejected", "duplicate", kept_paths[earlier]
                outcome.preview = resize(pack[count], PREVIEW)
        if outcome.preview is not None and len(samples.setdefault(outcome.reason, [])) < REJECTS_PER_REASON:
            samples[outcome.reason].append(outcome.preview)
        rows.append(_row(entry, outcome, duplicate_of=copy_of, held=held))
    rows.sort(key=lambda row: row["path"])
    sheet = [(reason, tile) for reason in sorted(samples) for tile in samples[reason]]
    return rows, pack[: len(kept_paths)], sheet


def _payloads(source: Source, entries: list[Entry]) -> Iterator[bytes | Path | np.ndarray | None]:
    """Entry payloads read lazily, in order; None for one that fails to read (a damaged zip member)."""
    for entry in entries:
        try:
            yield source.read(entry)
        except OSError:
            yield None


def _row(entry: Entry, outcome: Outcome, *, duplicate_of: str = "", held: set[str] = frozenset()) -> dict:
    """duplicate_of: path of the kept image this one repeats ("" when it is no duplicate); held: the
    held-out paths (a kept image's `subset` says which pack it is in; "" for one not kept)."""
    kept = outcome.status == "kept"
    return {
        "path": entry.path,
        "label": entry.label,
        "split": entry.split,
        "subset": "" if not kept else HELDOUT if entry.path in held else TRAIN,
        "status": outcome.status,
        "reason": outcome.reason,
        "width": outcome.width,
        "height": outcome.height,
        "ink_ratio": outcome.ink_ratio,
        "duplicate_of": duplicate_of,
    }


def _summary(rows: list[dict], params: PrepareParams, source: Source, *, seconds: dict) -> dict:
    per_class: dict[str, Counter] = {}
    for row in rows:
        per_class.setdefault(row["label"], Counter())[row["status"]] += 1
    return {
        "source": str(params.source),
        "image_size": params.image_size,
        "reference_size": params.reference_size,
        "inputs": len(rows),
        "ignored_files": source.ignored,
        "status": dict(Counter(row["status"] for row in rows)),
        "reason": dict(Counter(row["reason"] for row in rows if row["reason"])),
        "split": dict(Counter(row["split"] for row in rows if row["status"] == "kept")),
        "subset": dict(Counter(row["subset"] for row in rows if row["status"] == "kept")),
        "holdout": _holdout_rule(params, rows),
        "class": {label: dict(counts) for label, counts in sorted(per_class.items())},
        "workers": worker_count(params.workers),
        "seconds": seconds,
    }


def _holdout_rule(params: PrepareParams, rows: list[dict]) -> str:
    """How the held-out split was made, in words, for the summary and the report."""
    if not params.holdout:
        return "none (prepare.holdout is false): every kept image is trained on"
    if any(row["split"] == params.holdout_split for row in rows):
        return f"the source's {params.holdout_split}/ folder"
    return f"{params.holdout_fraction:g} of every class, seed {params.holdout_seed}"

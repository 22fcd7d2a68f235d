"""A run's training subset: k images per class drawn, seeded, from prepare's training pack.

The held-out images cannot be drawn: they live in another file (heldout.npz) that is read here only
to check the packs do not share an image, so a repacked or hand-made dataset that put one image in
both is refused instead of leaking the test set into a run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from calligan.classifier.split import per_class_subset
from calligan.config.study import StudyParams
from calligan.data.dataset import write_pack
from calligan.errors import CalliganError
from calligan.io.atomic import atomic_write_text
from calligan.io.images import load_heldout_pack, load_image_pack
from calligan.study.paths import run_paths

_FIX = "run `calligan prepare` (it writes dataset.npz, heldout.npz and reference_<size>.npz)"


def draw_subset(*, labels: np.ndarray, classes: Sequence[str], k: int, seed: int, source: str) -> np.ndarray:
    """Sorted indices of exactly k images of every class in `classes`, drawn with `seed`.

    The same seed gives nested subsets: the k = 10 draw is the first 10 of the k = 20 one, so runs
    at different k share their images rather than differ by chance. source: the pack's path, named
    in the error when a class has fewer than k images.
    """
    counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=len(classes))
    smallest = int(np.argmin(counts))
    if counts[smallest] == 0:
        raise CalliganError(f"class {classes[smallest]!r} has no training images in {source}; every class needs k")
    if k > counts[smallest]:
        raise CalliganError(f"k={k} is more than class {classes[smallest]!r} has in {source} ({counts[smallest]} "
                            f"training images); choose k <= {counts[smallest]} in study.k")
    return per_class_subset(labels, k=k, seed=seed)


def _digests(images: np.ndarray) -> set[bytes]:
    return {hashlib.sha1(np.ascontiguousarray(image).tobytes()).digest() for image in images}


def write_subset(study: StudyParams, *, k: int, seed: int) -> dict:
    """Draw the (k, seed) run's subset from `study.data` and write it, with the same images from
    `study.reference`, into the run's subset folder; return the record written beside them."""
    data = load_image_pack(study.data, what="prepared training images", fix=_FIX)
    if "labels" not in data or "classes" not in data:
        raise CalliganError(f"{study.data}: no `labels`/`classes`; the study needs a labelled dataset")
    labels, classes = data["labels"].astype(np.int64), [str(name) for name in data["classes"]]
    reference = load_image_pack(study.reference, what="training images at the export size", fix=_FIX)
    if not np.array_equal(reference.get("labels"), labels):
        raise CalliganError(f"{study.reference}: not the images of {study.data} at another size (other labels or "
                            f"count); {_FIX}")
    heldout = load_heldout_pack(study.heldout, size=data["images"].shape[-1])
    if heldout is None:
        raise CalliganError(f"{study.heldout}: no held-out images, and the study tests every classifier on them; "
                            "run `calligan prepare` with prepare.holdout true")
    indices = draw_subset(labels=labels, classes=classes, k=k, seed=seed, source=study.data)
    shared = len(_digests(data["images"][indices]) & _digests(heldout["images"]))
    if shared:
        raise CalliganError(f"{shared} images of the k={k} seed={seed} subset are also in {study.heldout}: the "
                            f"training and held-out packs overlap; {_FIX}")
    paths = run_paths(study, k=k, seed=seed)
    write_pack(paths.subset, images=data["images"][indices], labels=labels[indices], classes=classes)
    write_pack(paths.subset_reference, images=reference["images"][indices], labels=labels[indices], classes=classes)
    record = {
        "k": k,
        "seed": seed,
        "n_images": int(len(indices)),
        "n_classes": len(classes),
        "data": study.data,
        "reference": study.reference,
        "heldout": study.heldout,
        "indices": indices.tolist(),  # into `data` (and `reference`): which training images the run learns
    }
    atomic_write_text(paths.subset_record, json.dumps(record) + "\n")
    return record


def read_record(path: Path) -> dict:
    """A run's subset.json, or one line saying which action writes it."""
    if not path.is_file():
        raise CalliganError(f"{path}: no subset here; run `calligan study subset` for this k and seed first")
    return json.loads(path.read_text(encoding="utf-8"))

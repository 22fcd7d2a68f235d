"""A tiny prepared dataset as `calligan prepare` leaves it, and the study's params pointing at it."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from calligan.config.study import StudyParams
from calligan.data.dataset import write_pack

CLASSES = ["一", "人", "大"]
TRAIN_PER_CLASS = 8
HELDOUT_PER_CLASS = 3
SIZE = 32  # the training size; the reference packs are at twice it, as prepare's 128 px beside 64 px


def draw(label: int, *, rng: np.random.Generator, size: int = SIZE) -> np.ndarray:
    """One 'character' of class `label` (ink 255 on 0): a stroke whose direction is the class, jittered,
    with a dot placed at random so that no two images are the same bytes."""
    image = np.zeros((size, size), np.uint8)
    c, r = size // 2 + int(rng.integers(-2, 3)), size // 3
    ends = {0: ((c - r, c), (c + r, c)), 1: ((c, c - r), (c, c + r)), 2: ((c - r, c - r), (c + r, c + r))}[label]
    cv2.line(image, *ends, 255, max(2, size // 12))
    cv2.circle(image, tuple(int(v) for v in rng.integers(3, size - 3, size=2)), max(1, size // 16), 255, -1)
    return image


def _pack(path: Path, labels: np.ndarray, *, seed: int) -> None:
    """The images of `labels` at SIZE in `path`, and the same drawings at 2 x SIZE beside it."""
    small = np.stack([draw(int(y), rng=np.random.default_rng(seed * 1000 + i)) for i, y in enumerate(labels)])
    big = np.stack([draw(int(y), rng=np.random.default_rng(seed * 1000 + i), size=2 * SIZE)
                    for i, y in enumerate(labels)])
    write_pack(path, images=small, labels=labels, classes=CLASSES)
    write_pack(path.with_name(path.stem + "_big.npz"), images=big, labels=labels, classes=CLASSES)


@pytest.fixture
def prepared(tmp_path: Path) -> Path:
    """data/prepared/ under tmp_path: dataset.npz (8 per class), heldout.npz (3 per class), each with a
    2x copy (dataset_big.npz is reference_<size>.npz's stand-in, heldout_big.npz heldout_<size>.npz's)."""
    folder = tmp_path / "data" / "prepared"
    _pack(folder / "dataset.npz", np.repeat(np.arange(len(CLASSES)), TRAIN_PER_CLASS), seed=1)
    _pack(folder / "heldout.npz", np.repeat(np.arange(len(CLASSES)), HELDOUT_PER_CLASS), seed=2)
    return folder


@pytest.fixture
def study(prepared: Path, tmp_path: Path) -> StudyParams:
    """The study on the tiny data: k 2 and 4, seeds 0 and 1, a few steps of everything."""
    return StudyParams(
        k=[2, 4], seeds=[0, 1],
        data=str(prepared / "dataset.npz"), reference=str(prepared / "dataset_big.npz"),
        heldout=str(prepared / "heldout.npz"),
        out=str(tmp_path / "data" / "study"), reports=str(tmp_path / "reports" / "study"),
        gan_steps=2, generated_per_class=4, classifier_steps=3, fid_samples=4, classic_group=4,
    )

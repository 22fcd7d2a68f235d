import dataclasses
import json

import cv2
import numpy as np
import pandas as pd
import pytest

from calligan.config.prepare import PrepareParams
from calligan.errors import CalliganError
from calligan.data.entries import Entry
from calligan.prepare import stage
from calligan.prepare.holdout import heldout_paths


def _entries(split: str, label: str, count: int) -> list[Entry]:
    return [Entry(path=f"{split}/{label}/{i:03d}.png", label=label, split=split) for i in range(count)]


def test_the_sources_own_split_is_held_out_whole():
    entries = _entries("train", "a", 20) + _entries("validation", "a", 5) + _entries("validation", "b", 3)
    held = heldout_paths(entries, split="validation", fraction=0.5, seed=0)
    assert held == {entry.path for entry in entries if entry.split == "validation"}


def test_without_that_split_a_seeded_share_of_every_class_is_held_out():
    entries = _entries("train", "a", 40) + _entries("train", "b", 10) + _entries("train", "c", 1)
    held = heldout_paths(entries, split="validation", fraction=0.1, seed=0)
    by_label = {label: sum(path.split("/")[1] == label for path in held) for label in "abc"}
    assert by_label == {"a": 4, "b": 1, "c": 0}  # a class of one keeps its image to train on
    assert heldout_paths(entries, split="validation", fraction=0.1, seed=0) == held
    assert heldout_paths(entries, split="validation", fraction=0.1, seed=1) != held
    # An image's fate is its own: another class, or refused files, move nothing.
    more = entries + _entries("train", "d", 30) + [Entry(path="train/a/zzz.png", label="a", split="train", problem="symlink")]
    assert {p for p in heldout_paths(more, split="validation", fraction=0.1, seed=0) if "/d/" not in p} == held


def _page(draw, index: int, *, second: bool) -> bytes:
    page = np.zeros((120, 120), np.uint8)
    page[:] = draw.character(120, thickness=4 + index % 5)
    cv2.line(page, (20, 100 - 7 * index), (100, 20 + 7 * index), 255, 5)  # no two samples alike
    if second:
        cv2.rectangle(page, (10, 10), (110, 30), 255, -1)
    return draw.encode(page)


@pytest.fixture
def split_source(tmp_path, draw):
    """Two classes with train/ and validation/ folders."""
    root = tmp_path / "src"
    for label in ("永", "一"):
        for split, count in (("train", 6), ("validation", 3)):
            (root / split / label).mkdir(parents=True)
            for i in range(count):
                (root / split / label / f"{i}.png").write_bytes(
                    _page(draw, i + (6 if split == "validation" else 0), second=label == "一"))
    return root


def _run(source, out, **changes) -> dict:
    params = dataclasses.replace(PrepareParams(source=str(source), out=str(out), image_size=32,
                                               reference_size=64, workers=1), **changes)
    return stage.run(params, progress=False)


def test_held_out_images_are_never_in_the_training_packs(split_source, tmp_path):
    summary = _run(split_source, tmp_path / "out")
    out = tmp_path / "out"
    manifest = pd.read_csv(out / "manifest.csv", keep_default_na=False)
    kept = manifest[manifest["status"] == "kept"]
    assert (kept["subset"] == kept["split"].map({"train": "train", "validation": "heldout"})).all()
    counts = kept["subset"].value_counts().to_dict()
    assert summary["subset"] == counts and counts["train"] >= 10 and counts["heldout"] == 6
    assert summary["holdout"] == "the source's validation/ folder"
    with np.load(out / "dataset.npz") as train, np.load(out / "heldout.npz") as held, \
            np.load(out / "reference_64.npz") as train_64, np.load(out / "heldout_64.npz") as held_64:
        assert len(train["images"]) == len(train_64["images"]) == counts["train"]
        assert len(held["images"]) == len(held_64["images"]) == 6
        assert list(train["classes"]) == list(held["classes"])
        assert (np.bincount(held["labels"]) == 3).all() and (held["labels"] == held_64["labels"]).all()
        flat_train = {image.tobytes() for image in train["images"]}
        assert not any(image.tobytes() in flat_train for image in held["images"])


def test_holdout_off_trains_on_everything_and_leaves_the_held_out_packs_empty(split_source, tmp_path):
    summary = _run(split_source, tmp_path / "out", holdout=False)
    assert list(summary["subset"]) == ["train"] and summary["subset"]["train"] == summary["status"]["kept"]
    assert summary["holdout"].startswith("none")
    with np.load(tmp_path / "out" / "heldout_64.npz") as held, np.load(tmp_path / "out" / "dataset.npz") as train:
        assert held["images"].shape == (0, 64, 64) and len(train["images"]) == summary["status"]["kept"]


def test_without_a_split_the_share_is_drawn_the_same_in_every_run(split_source, tmp_path):
    first = _run(split_source / "train", tmp_path / "a", holdout_fraction=0.34)
    second = _run(split_source / "train", tmp_path / "b", holdout_fraction=0.34, workers=2)
    assert first["subset"]["heldout"] == 4  # round(0.34 x 6) of each class
    assert first["holdout"] == "0.34 of every class, seed 0"
    for name in ("dataset.npz", "heldout.npz", "heldout_64.npz", "manifest.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    summary = json.loads((tmp_path / "a" / "summary.json").read_text(encoding="utf-8"))
    assert summary["subset"] == first["subset"]


def test_a_source_that_is_all_held_out_fails_naming_the_setting(split_source, tmp_path):
    with pytest.raises(CalliganError, match="all 6 kept images are held out; check prepare.holdout_split"):
        _run(split_source / "validation", tmp_path / "out", holdout_split="train")  # a flat layout is split "train"

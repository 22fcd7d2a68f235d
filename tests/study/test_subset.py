import json

import numpy as np
import pytest

from calligan.data.dataset import write_pack
from calligan.errors import CalliganError
from calligan.study.paths import run_paths
from calligan.study.subset import draw_subset, write_subset

from tests.study.conftest import CLASSES, TRAIN_PER_CLASS

LABELS = np.repeat(np.arange(4), [5, 9, 6, 7])
NAMES = ["a", "b", "c", "d"]


def _draw(k, seed):
    return draw_subset(labels=LABELS, classes=NAMES, k=k, seed=seed, source="dataset.npz")


def test_k_of_every_class_seeded_stable_and_nested():
    picked = _draw(3, 0)
    assert np.bincount(LABELS[picked]).tolist() == [3, 3, 3, 3]
    assert np.array_equal(picked, _draw(3, 0))  # the same seed draws the same images, run after run
    assert not np.array_equal(picked, _draw(3, 1))
    # the same seed's smaller k is part of its larger k: runs at different k share their images
    assert set(_draw(2, 0)) <= set(picked) <= set(_draw(5, 0))


def test_k_larger_than_a_class_names_the_class_and_its_count():
    with pytest.raises(CalliganError, match=r"k=6 is more than class 'a' has in dataset.npz \(5 training images\); "
                                            r"choose k <= 5"):
        _draw(6, 0)


def test_a_class_without_images_is_too_small_for_any_k():
    with pytest.raises(CalliganError, match="class 'e' has no training images in dataset.npz"):
        draw_subset(labels=LABELS, classes=[*NAMES, "e"], k=1, seed=0, source="dataset.npz")


def _rows(images):
    return {image.tobytes() for image in images}


def test_the_subset_comes_from_the_training_pack_never_the_heldout_one(study, prepared):
    record = write_subset(study, k=4, seed=0)
    paths = run_paths(study, k=4, seed=0)
    subset, train, heldout = (np.load(path) for path in (paths.subset, prepared / "dataset.npz",
                                                         prepared / "heldout.npz"))
    assert np.bincount(subset["labels"]).tolist() == [4] * len(CLASSES)
    assert _rows(subset["images"]) <= _rows(train["images"])
    assert not _rows(subset["images"]) & _rows(heldout["images"])
    # the same indices into the training pack at both sizes, in the format `calligan train` reads
    assert np.array_equal(subset["images"], train["images"][record["indices"]])
    assert np.array_equal(np.load(paths.subset_reference)["images"],
                          np.load(prepared / "dataset_big.npz")["images"][record["indices"]])
    assert subset["classes"].tolist() == CLASSES and subset["labels"].dtype == np.int64
    assert json.loads(paths.subset_record.read_text())["indices"] == record["indices"]
    assert (record["n_images"], record["n_classes"]) == (4 * len(CLASSES), len(CLASSES))


def test_a_heldout_image_in_the_training_pack_is_refused(study, prepared):
    train, heldout = np.load(prepared / "dataset.npz"), np.load(prepared / "heldout.npz")
    leaked = heldout["images"].copy()
    leaked[0] = train["images"][0]  # every seed's subset holds image 0 at k = TRAIN_PER_CLASS
    write_pack(prepared / "heldout.npz", images=leaked, labels=heldout["labels"], classes=CLASSES)
    with pytest.raises(CalliganError, match="1 images of the k=8 seed=0 subset are also in .*heldout.npz"):
        write_subset(study, k=TRAIN_PER_CLASS, seed=0)


def test_no_heldout_images_no_study(study, prepared):
    write_pack(prepared / "heldout.npz", images=np.zeros((0, 32, 32), np.uint8), labels=np.zeros(0, np.int64),
               classes=CLASSES)
    with pytest.raises(CalliganError, match="no held-out images.*prepare.holdout true"):
        write_subset(study, k=2, seed=0)


def test_a_reference_of_other_images_is_refused(study, prepared):
    big = np.load(prepared / "dataset_big.npz")
    write_pack(prepared / "dataset_big.npz", images=big["images"][:-1], labels=big["labels"][:-1], classes=CLASSES)
    with pytest.raises(CalliganError, match="not the images of .*dataset.npz at another size"):
        write_subset(study, k=2, seed=0)


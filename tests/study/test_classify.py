import json

import numpy as np
import pytest
import torch

from calligan.classifier.fit import FitRecipe
from calligan.config.classifier import ClassifierParams
from calligan.errors import CalliganError
from calligan.io.npz import save_npz
from calligan.study import classify
from calligan.study.arms import ARMS
from calligan.study.classic import ClassicAugment
from calligan.study.paths import run_paths
from calligan.study.subset import write_subset

from tests.study.conftest import CLASSES, HELDOUT_PER_CLASS, SIZE

pytestmark = pytest.mark.usefixtures("one_torch_thread")

CLASSIFIER = ClassifierParams(width=4, input_size=16, batch_size=8, lr=1e-2, device="cpu", threads=1)
PER_CLASS = 4  # the stub generator's images per class


def _stub_generated(study, *, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A stub generator's output of known content: class c drawn as pages of the single grey 100 + c."""
    labels = np.tile(np.arange(len(CLASSES)), PER_CLASS)
    images = np.broadcast_to((100 + labels).astype(np.uint8)[:, None, None], (len(labels), SIZE, SIZE)).copy()
    save_npz(run_paths(study, k=k, seed=seed).generated_raw,
             {"images": images, "labels": labels, "conditional": np.array(True)})
    return images, labels


@pytest.fixture
def fits(monkeypatch):
    """Every fit_classifier call of the arms, recorded: its images, labels, steps, recipe and augmentation."""
    calls, original = [], classify.fit_classifier

    def recorded(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(classify, "fit_classifier", recorded)
    return calls


def test_the_arms_differ_only_in_their_training_data(study, fits):
    write_subset(study, k=2, seed=1)
    generated, generated_labels = _stub_generated(study, k=2, seed=1)
    result = classify.classify_run(study, CLASSIFIER, k=2, seed=1)
    subset = np.load(run_paths(study, k=2, seed=1).subset)
    real, real_labels = subset["images"], subset["labels"]

    assert [call["steps"] for call in fits] == [study.classifier_steps] * len(ARMS)
    # the same recipe, seeded by the run: the same initial weights, dropout and batch order in every arm
    assert all(call["recipe"] == FitRecipe(width=4, input_size=16, epochs=CLASSIFIER.epochs, batch_size=8,
                                           lr=1e-2, weight_decay=CLASSIFIER.weight_decay, seed=1) for call in fits)
    expected = {"real": (real, real_labels), "real_gan": (np.concatenate([real, generated]),
                                                          np.concatenate([real_labels, generated_labels])),
                "gan": (generated, generated_labels)}
    expected |= {"real_classic": expected["real"], "real_classic_gan": expected["real_gan"]}
    for arm, call in zip(ARMS, fits):
        images, labels = expected[arm.name]
        assert np.array_equal(call["images"], images) and np.array_equal(call["labels"], labels), arm.name
        assert isinstance(call["augment"], ClassicAugment) if arm.classic else call["augment"] is None, arm.name
    # each classic arm gets its own augmentation, both started from the same seed
    classic = [call["augment"] for call in fits if call["augment"] is not None]
    assert len(classic) == 2 and classic[0] is not classic[1]

    assert list(result["arms"]) == [arm.name for arm in ARMS]
    assert result["arms"]["gan"] == {"accuracy": result["arms"]["gan"]["accuracy"], "n_real": 0,
                                     "n_generated": len(generated), "classic": False}
    assert result["arms"]["real_classic_gan"]["n_real"] == len(real)
    assert all(0.0 <= arm["accuracy"] <= 1.0 for arm in result["arms"].values())
    assert result["n_test"] == HELDOUT_PER_CLASS * len(CLASSES)
    assert json.loads(run_paths(study, k=2, seed=1).arms.read_text()) == result


def test_every_arm_takes_the_same_optimiser_steps(study, monkeypatch):
    steps: dict[torch.optim.Optimizer, int] = {}  # keyed by the optimiser itself: an id() is reused once it is freed
    original = torch.optim.AdamW.step

    def counted(self, *args, **kwargs):
        steps[self] = steps.get(self, 0) + 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(torch.optim.AdamW, "step", counted)
    write_subset(study, k=2, seed=0)
    _stub_generated(study, k=2, seed=0)
    classify.classify_run(study, CLASSIFIER, k=2, seed=0)
    assert sorted(steps.values()) == [study.classifier_steps] * len(ARMS)


def test_images_without_intended_classes_are_refused(study):
    write_subset(study, k=2, seed=0)
    images, _ = _stub_generated(study, k=2, seed=0)
    save_npz(run_paths(study, k=2, seed=0).generated_raw, {"images": images})
    with pytest.raises(CalliganError, match="no intended classes; the study needs a class-conditional GAN"):
        classify.classify_run(study, CLASSIFIER, k=2, seed=0)


def test_a_run_without_its_subset_says_which_action_makes_it(study):
    with pytest.raises(CalliganError, match="run `calligan study subset` for this k and seed first"):
        classify.classify_run(study, CLASSIFIER, k=2, seed=0)

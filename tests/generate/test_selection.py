from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from calligan.config.generate import GenerateParams
from calligan.config.train import TrainParams
from calligan.data.tensors import to_unit_range
from calligan.errors import CalliganError
from calligan.gans.generator_file import load_generator
from calligan.gans.latent import balanced_labels
from calligan.gans.spec import ModelSpec
from calligan.generate.sampling import Samples
from calligan.generate.selection import critic_scores, load_critic, load_scorer, select_best
from calligan.io.npz import save_npz
from calligan.train.stage import run as train


CPU = torch.device("cpu")
CONDITIONAL = {"family": "wgan-gp", "arch": "dcgan", "image_size": 32, "conditional": True, "num_classes": 3}


@pytest.fixture(autouse=True)
def _tiny_nets(one_torch_thread):
    """Width-8 nets gain nothing from threads."""


def _samples(count: int, *, labels: np.ndarray | None, size: int = 32, seed: int = 0) -> Samples:
    images = np.random.default_rng(seed).integers(0, 256, size=(count, size, size), dtype=np.uint8)
    return Samples(images=images, labels=labels, codes=None, seeds=np.arange(count, dtype=np.int64))


def _params(**changes) -> GenerateParams:
    return GenerateParams(oversample=2.0, device="cpu", **changes)


def test_the_checkpoints_critic_scores_as_the_trained_discriminator(critic_pair):
    _, checkpoint, family = critic_pair(**CONDITIONAL)
    critic = load_critic(checkpoint, spec=family.spec, device=CPU)
    samples = _samples(10, labels=np.arange(10) % 3)
    with torch.no_grad():
        expected = family.discriminator(to_unit_range(samples.images), torch.from_numpy(samples.labels)).numpy()
    scores = critic_scores(critic, samples, batch_size=4, device=CPU)
    assert scores.shape == (10,) and np.allclose(scores, expected, atol=1e-5)
    # The projection head reads the label: another class, other scores.
    other = critic_scores(critic, dataclasses.replace(samples, labels=(samples.labels + 1) % 3), batch_size=4, device=CPU)
    assert not np.allclose(other, scores)


def test_the_critic_of_a_real_training_run_loads(tmp_path):
    """The checkpoint layout generate reads D from is the one the train stage writes."""
    labels = np.arange(12) % 3
    images = np.zeros((12, 32, 32), np.uint8)
    for i, label in enumerate(labels):
        images[i, 6 + 8 * label:10 + 8 * label, 4:28] = 255
    save_npz(tmp_path / "dataset.npz", {"images": images, "labels": labels, "classes": np.array(["a", "b", "c"])})
    models = tmp_path / "models"
    train(TrainParams(data=str(tmp_path / "dataset.npz"), width=8, batch_size=4, steps=2, checkpoint_every=2,
                      sample_every=2, log_every=1, grid_samples=4, device="cpu", eval_every=0,
                      models_dir=str(models), reports_dir=str(tmp_path / "reports")), progress=False)
    _, spec = load_generator(models / "generator_best.pt")
    critic = load_critic(models / "checkpoint.pt", spec=spec, device=CPU)
    scores = critic_scores(critic, _samples(6, labels=np.arange(6) % 3), batch_size=6, device=CPU)
    assert spec.conditional and np.isfinite(scores).all()


def test_a_missing_critic_says_how_to_get_one(tmp_path, critic_pair):
    _, _, family = critic_pair(**CONDITIONAL)
    with pytest.raises(CalliganError, match="calligan train.*generate.critic"):
        load_scorer(_params(select="critic", critic=str(tmp_path / "absent.pt")), spec=family.spec, device=CPU)


def test_a_critic_of_another_model_is_refused(critic_pair):
    _, checkpoint, family = critic_pair(**CONDITIONAL)
    other = dataclasses.replace(family.spec, width=16)
    with pytest.raises(CalliganError, match="another model"):
        load_scorer(_params(select="critic", critic=str(checkpoint)), spec=other, device=CPU)


def test_classifier_selection_needs_a_conditional_model(classifier_file):
    spec = ModelSpec(family="wgan-gp", arch="dcgan", image_size=32)
    with pytest.raises(CalliganError, match="unconditional.*generate.select=critic"):
        load_scorer(_params(select="classifier", classifier=str(classifier_file(3))), spec=spec, device=CPU)


def test_classifier_of_other_classes_or_none_at_all_is_refused(tmp_path, classifier_file):
    spec = ModelSpec(**{**CONDITIONAL, "width": 8})
    with pytest.raises(CalliganError, match="knows 4 classes but the generator draws 3"):
        load_scorer(_params(select="classifier", classifier=str(classifier_file(4))), spec=spec, device=CPU)
    with pytest.raises(CalliganError, match="calligan classifier"):
        load_scorer(_params(select="classifier", classifier=str(tmp_path / "absent.pt")), spec=spec, device=CPU)


def test_classifier_confidence_is_in_each_images_intended_class(classifier_file):
    spec = ModelSpec(**{**CONDITIONAL, "width": 8})
    score = load_scorer(_params(select="classifier", classifier=str(classifier_file(3))), spec=spec, device=CPU)
    samples = _samples(9, labels=np.arange(9) % 3)
    confidence = score(samples)
    assert confidence.shape == (9,) and ((confidence > 0) & (confidence < 1)).all()
    # Each image's three classes sum to one: shifting every label reads the other columns.
    shifted = [score(dataclasses.replace(samples, labels=(samples.labels + k) % 3)) for k in (1, 2)]
    assert np.allclose(confidence + shifted[0] + shifted[1], 1.0, atol=1e-5)


def test_no_selection_loads_nothing(tmp_path):
    spec = ModelSpec(family="wgan-gp", arch="dcgan", image_size=32)
    params = GenerateParams(critic=str(tmp_path / "absent.pt"), classifier=str(tmp_path / "absent.pt"))
    assert load_scorer(params, spec=spec, device=CPU) is None


def _candidates(drawn: int, num_classes: int, *, seed: int = 0):
    scores = np.random.default_rng(seed).normal(size=drawn)
    return scores, balanced_labels(count=drawn, num_classes=num_classes)


@pytest.mark.parametrize(("drawn", "count", "num_classes"), [(60, 30, 3), (25, 10, 3), (31, 30, 4), (7, 7, 7)])
def test_every_class_keeps_its_share_of_its_own_best_candidates(drawn, count, num_classes):
    scores, labels = _candidates(drawn, num_classes)
    kept = select_best(scores, labels=labels, count=count, num_classes=num_classes)
    assert kept.dtype == np.int64 and len(np.unique(kept)) == count  # no candidate twice
    # The balance of an unselected set of `count`, in its cycling order.
    assert np.array_equal(labels[kept], balanced_labels(count=count, num_classes=num_classes))
    for label in range(num_classes):
        mine = np.flatnonzero(labels == label)
        chosen = kept[labels[kept] == label]
        worst_kept, best_dropped = scores[chosen].min(), np.max(scores[np.setdiff1d(mine, chosen)], initial=-np.inf)
        assert worst_kept > best_dropped
        assert np.array_equal(chosen, np.sort(chosen))  # draw order within the class


def test_selection_is_a_function_of_the_scores_alone():
    scores, labels = _candidates(200, 5, seed=1)
    first = select_best(scores, labels=labels, count=100, num_classes=5)
    assert np.array_equal(first, select_best(scores.copy(), labels=labels.copy(), count=100, num_classes=5))


def test_ties_go_to_the_earlier_draw_and_nothing_is_taken_twice():
    kept = select_best(np.zeros(12), labels=balanced_labels(count=12, num_classes=3), count=6, num_classes=3)
    assert kept.tolist() == [0, 1, 2, 3, 4, 5]
    assert select_best(np.ones(10), labels=None, count=4, num_classes=0).tolist() == [0, 1, 2, 3]


def test_unconditional_keeps_the_best_overall_in_draw_order():
    scores = np.array([0.1, 5.0, -2.0, 3.0, np.nan, 4.0])
    assert select_best(scores, labels=None, count=3, num_classes=0).tolist() == [1, 3, 5]


def test_a_nan_score_ranks_last():
    scores = np.array([np.nan, -10.0, np.nan, -20.0])
    assert select_best(scores, labels=None, count=2, num_classes=0).tolist() == [1, 3]


def test_more_images_than_candidates_is_refused():
    scores, labels = _candidates(5, 5)
    with pytest.raises(ValueError, match="cannot keep"):
        select_best(scores, labels=labels, count=10, num_classes=5)

"""Evaluation during training: FID and accuracy columns, the best snapshot, and both across a resume."""

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from calligan.classifier.checkpoint import save_classifier
from calligan.classifier.fit import FitRecipe, fit_classifier
from calligan.data.dataset import PackedDataset
from calligan.data.tensors import to_unit_range
from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec
from calligan.train import stage
from calligan.train.evaluation import TrainingEvaluator
from calligan.gans.generator_file import load_generator
from calligan.io.npz import save_npz
from calligan.metrics.context import MetricContext
from calligan.metrics.features import InceptionFeatures
from calligan.metrics.fid import fid
from calligan.metrics.stats import subsample
from calligan.train.runtime import resolve_runtime
from calligan.train.state import load_checkpoint

CPU = resolve_runtime(device="cpu", amp="off", channels_last=False)


@pytest.fixture(autouse=True)
def _offline_fid_weights(fid_torch_home, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(fid_torch_home))


@pytest.fixture
def classifier_file(tiny_dataset, tmp_path):
    """A real SmallCNN that learned the tiny dataset's three bar positions."""
    data = PackedDataset(tiny_dataset)
    recipe = FitRecipe(width=8, input_size=16, epochs=40, batch_size=8, lr=1e-2, weight_decay=0.0, seed=0)
    model = fit_classifier(images=data.images, labels=data.labels, n_classes=3, recipe=recipe)
    path = tmp_path / "classifier.pt"
    save_classifier(path, model=model, recipe=recipe, classes=data.classes, test_indices=np.arange(3),
                    test_fraction=0.1, labels=data.labels)
    return path


class ClassLookup(nn.Module):
    """A "generator" that draws a real image of class (label + shift) % 3 for every latent."""

    def __init__(self, images: np.ndarray, labels: np.ndarray, *, shift: int):
        super().__init__()
        self.register_buffer("bank", to_unit_range(np.stack([images[labels == c][0] for c in range(3)])))
        self.shift = shift

    def forward(self, z, labels):
        return self.bank[(labels + self.shift) % 3]


def test_accuracy_is_the_share_drawn_in_the_intended_class(tiny_dataset, classifier_file, tmp_path):
    data = PackedDataset(tiny_dataset)
    family = build_family(ModelSpec(family="wgan-gp", arch="dcgan", image_size=32, width=8, num_classes=3,
                                    conditional=True))
    evaluator = TrainingEvaluator(family, real_images=data.images, count=12, seed=0, classifier=str(classifier_file),
                                  runtime=CPU, cache_dir=tmp_path / "cache")
    right = evaluator(ClassLookup(data.images, data.labels, shift=0))
    wrong = evaluator(ClassLookup(data.images, data.labels, shift=1))
    assert right.conditional_accuracy == 1.0 and wrong.conditional_accuracy == 0.0
    assert right.count == 12 and np.isfinite(right.fid)
    assert list((tmp_path / "cache").glob("real-features-*.npz"))  # real features are computed once


def test_the_fid_is_the_evaluate_stages_fid_of_the_same_images(tiny_dataset, fid_weights, tmp_path):
    """Train's FID and evaluate's are one computation: the evaluator's images, scored by the FID metric
    against the same seeded subsample of the real images, give the same number."""
    data = PackedDataset(tiny_dataset)
    family = build_family(ModelSpec(family="wgan-gp", arch="dcgan", image_size=32, width=8, num_classes=3,
                                    conditional=True))
    evaluator = TrainingEvaluator(family, real_images=data.images, count=12, seed=5, classifier=None, runtime=CPU,
                                  cache_dir=tmp_path)
    generator = ClassLookup(data.images, data.labels, shift=0)
    ctx = MetricContext(real=subsample(data.images, count=12, seed=5), fake=evaluator.images(generator),
                        extract=InceptionFeatures(weights=fid_weights, device="cpu", progress=False))
    # The metric takes the sets in the other order, which moves the last digits on rank-deficient covariances.
    assert evaluator(generator).fid == pytest.approx(fid(ctx)["fid"], rel=1e-6)


def test_accuracy_is_skipped_with_a_reason_without_a_classifier_or_labels(tiny_dataset, tmp_path):
    data = PackedDataset(tiny_dataset)
    conditional = build_family(ModelSpec(family="wgan-gp", arch="dcgan", image_size=32, width=8, num_classes=3,
                                         conditional=True))
    missing = TrainingEvaluator(conditional, real_images=data.images, count=4, seed=0, runtime=CPU,
                                classifier=str(tmp_path / "none.pt"), cache_dir=tmp_path)
    assert "calligan classifier" in missing.skipped
    plain = build_family(ModelSpec(family="wgan-gp", arch="dcgan", image_size=32, width=8))
    unconditional = TrainingEvaluator(plain, real_images=data.images, count=4, seed=0, runtime=CPU,
                                      classifier=None, cache_dir=tmp_path)
    assert "conditional" in unconditional.skipped
    assert unconditional(plain.generator.eval()).conditional_accuracy is None


def _evaluated(tiny_params, classifier_file, name, **overrides):
    return tiny_params(name, eval_every=1, eval_samples=8, classifier=str(classifier_file), **overrides)


def test_log_has_fid_and_accuracy_and_best_generator_is_the_lowest_fid_snapshot(tiny_params, classifier_file,
                                                                                 tiny_dataset, tmp_path):
    params = _evaluated(tiny_params, classifier_file, "best", steps=5, log_every=2)
    stage.run(params, progress=False)
    log = pd.read_csv(Path(params.reports_dir) / "log.csv")
    assert log["step"].tolist() == [1, 2, 3, 4, 5]  # an evaluation forces a log row
    assert log["fid"].notna().all() and log["conditional_accuracy"].between(0, 1).all()
    assert (Path(params.reports_dir) / "fid.png").is_file()

    best = load_checkpoint(Path(params.models_dir) / "checkpoint.pt")["best"]
    assert best["step"] == int(log.loc[log["fid"].idxmin(), "step"]) and best["fid"] == pytest.approx(log["fid"].min())
    # Re-scoring the saved best generator on the same latents gives back the best logged FID.
    generator, spec = load_generator(Path(params.models_dir) / "generator_best.pt")
    assert spec.conditional
    family = build_family(spec)
    evaluator = TrainingEvaluator(family, real_images=PackedDataset(tiny_dataset).images, count=8,
                                  seed=params.seed + 2, classifier=None, runtime=CPU, cache_dir=tmp_path / "cache")
    assert evaluator(generator).fid == pytest.approx(log["fid"].min(), rel=1e-4)


def test_evaluations_score_against_the_held_out_images_when_there_are_any(tiny_params, classifier_file, tmp_path):
    held = tmp_path / "heldout.npz"
    training = PackedDataset(tiny_params().data).images
    flipped = np.ascontiguousarray(training[:, ::-1])  # other images than the training ones, same size
    save_npz(held, {"images": flipped, "labels": np.zeros(len(flipped), np.int64)})
    params = _evaluated(tiny_params, classifier_file, "heldout", steps=2, heldout=str(held))
    stage.run(params, progress=False)
    logged = pd.read_csv(Path(params.reports_dir) / "log.csv")["fid"].dropna().iloc[-1]
    generator, spec = load_generator(Path(params.models_dir) / "generator.pt")

    def rescored(real_images) -> float:
        return TrainingEvaluator(build_family(spec), real_images=real_images, count=8, seed=params.seed + 2,
                                 classifier=None, runtime=CPU, cache_dir=tmp_path / "cache")(generator).fid

    assert rescored(flipped) == pytest.approx(logged, rel=1e-4)
    assert rescored(training) != pytest.approx(logged, rel=1e-2)


def test_best_snapshot_and_evaluations_survive_a_resume(tiny_params, classifier_file):
    straight = _evaluated(tiny_params, classifier_file, "straight", steps=4, checkpoint_every=2)
    stage.run(straight, progress=False)
    stage.run(_evaluated(tiny_params, classifier_file, "resumed", steps=2, checkpoint_every=2), progress=False)
    resumed = _evaluated(tiny_params, classifier_file, "resumed", steps=4, checkpoint_every=2)
    stage.run(resumed, progress=False)

    a = load_checkpoint(Path(straight.models_dir) / "checkpoint.pt")["best"]
    b = load_checkpoint(Path(resumed.models_dir) / "checkpoint.pt")["best"]
    assert (a["step"], a["fid"]) == (b["step"], b["fid"])
    assert all(torch.equal(a["generator"][k], b["generator"][k]) for k in a["generator"])
    logs = [pd.read_csv(Path(p.reports_dir) / "log.csv") for p in (straight, resumed)]
    assert logs[0]["fid"].tolist() == logs[1]["fid"].tolist()


def test_without_evaluations_the_best_generator_is_the_last(tiny_params):
    params = tiny_params("plain", steps=2)
    stage.run(params, progress=False)
    best, _ = load_generator(Path(params.models_dir) / "generator_best.pt")
    last, _ = load_generator(Path(params.models_dir) / "generator.pt")
    assert all(torch.equal(a, b) for a, b in zip(best.state_dict().values(), last.state_dict().values()))
    assert load_checkpoint(Path(params.models_dir) / "checkpoint.pt")["best"] is None
    assert pd.read_csv(Path(params.reports_dir) / "log.csv")["fid"].isna().all()


def test_augmented_training_logs_ada_probability(tiny_params):
    params = tiny_params("ada", steps=4, augment=["translation", "cutout"], augment_p="auto", batch_size=8)
    stage.run(params, progress=False)
    log = pd.read_csv(Path(params.reports_dir) / "log.csv")
    assert log["augment_p"].notna().all() and log["ada_r_t"].between(-1, 1).all()
    resumed = dataclasses.replace(params, steps=5)
    assert stage.run(resumed, progress=False) == 5



def test_without_pytorch_fid_training_scores_accuracy_alone_and_says_so(tiny_params, classifier_file, capsys,
                                                                        without_pytorch_fid):
    params = _evaluated(tiny_params, classifier_file, "no-fid", steps=2)
    stage.run(params, progress=False)
    assert "FID not scored" in capsys.readouterr().out
    log = pd.read_csv(Path(params.reports_dir) / "log.csv")
    assert log["fid"].isna().all() and log["conditional_accuracy"].between(0, 1).all()
    assert load_checkpoint(Path(params.models_dir) / "checkpoint.pt")["best"] is None
    best, _ = load_generator(Path(params.models_dir) / "generator_best.pt")
    last, _ = load_generator(Path(params.models_dir) / "generator.pt")
    assert all(torch.equal(a, b) for a, b in zip(best.state_dict().values(), last.state_dict().values()))


def test_without_fid_weights_the_evaluator_scores_accuracy_alone(tiny_dataset, classifier_file, tmp_path, monkeypatch):
    monkeypatch.setenv("CALLIGAN_FID_WEIGHTS", str(tmp_path / "missing.pth"))
    data = PackedDataset(tiny_dataset)
    family = build_family(ModelSpec(family="wgan-gp", arch="dcgan", image_size=32, width=8, num_classes=3,
                                    conditional=True))
    evaluator = TrainingEvaluator(family, real_images=data.images, count=6, seed=0, classifier=str(classifier_file),
                                  runtime=CPU, cache_dir=tmp_path)
    assert "missing.pth" in evaluator.fid_skipped
    scored = evaluator(ClassLookup(data.images, data.labels, shift=0))
    assert scored.fid is None and scored.conditional_accuracy == 1.0

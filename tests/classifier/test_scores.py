import imageio.v3 as iio
import numpy as np
import pytest

from calligan.classifier import fit
from calligan.classifier import scores as scoring
from calligan.classifier.checkpoint import save_classifier
from calligan.classifier.fit import predict_proba
from calligan.classifier.scores import classifier_scores, score_generated
from calligan.classifier.stage import recipe_of
from calligan.config.classifier import ClassifierParams
from calligan.errors import CalliganError
from calligan.io.npz import save_npz


def _well_classified(model, images, labels):
    """A balanced subset the classifier gets right: 'perfect samples' of every class."""
    right = predict_proba(model, images).argmax(axis=1) == labels
    per_class = min(np.sum(right & (labels == c)) for c in np.unique(labels))
    assert per_class >= 3
    keep = np.concatenate([np.flatnonzero(right & (labels == c))[:per_class] for c in np.unique(labels)])
    return images[keep], labels[keep]


def _scores(trained, shapes, recipe, images, labels):
    return classifier_scores(
        trained, images, predict_proba(trained, images), labels, shapes["train"], shapes["test"],
        recipe=recipe, min_count=1, confidence=0.0, augment_k=4, augment_epochs=2,
    )


def test_one_class_only(trained, shapes, recipe):
    images, labels = _well_classified(trained, *shapes["train"])
    one = images[labels == 2]
    scores = _scores(trained, shapes, recipe, one, None)
    assert scores["predicted_classes"]["class_coverage"] == pytest.approx(1 / shapes["n_classes"])
    assert scores["predicted_classes"]["entropy_normalised"] == pytest.approx(0.0)
    assert scores["augmentation_upper_bound"]["label_source"] == "pseudo"
    assert scores["augmentation_upper_bound"]["n_generated"] == 4  # k of the one class the pseudo-labels name
    assert "cas" not in scores and "conditional" not in scores


def test_balanced_perfect_conditional_samples(trained, shapes, recipe):
    images, labels = _well_classified(trained, *shapes["train"])
    scores = _scores(trained, shapes, recipe, images, labels)
    assert scores["predicted_classes"]["class_coverage"] == 1.0
    assert scores["predicted_classes"]["entropy_normalised"] == pytest.approx(1.0)
    assert scores["conditional"] == {"conditional_accuracy": 1.0, "n_images": len(labels)}
    assert scores["cas"]["n_train"] == len(labels)
    assert scores["cas"]["n_test"] == scores["real_test"]["n_images"] == len(shapes["test"][1])
    assert scores["augmentation_upper_bound"]["label_source"] == "intended"


@pytest.fixture
def params(tmp_path, trained, shapes, recipe) -> ClassifierParams:
    """A saved classifier and its prepared dataset, as the classifier stage leaves them."""
    params = ClassifierParams(
        data=str(tmp_path / "dataset.npz"), model=str(tmp_path / "classifier.pt"), device="cpu",
        augment_k=2, augment_epochs=1, **{f: getattr(recipe, f) for f in ("width", "input_size", "epochs", "batch_size", "lr", "weight_decay", "seed")},
    )
    save_npz(params.data, {"images": shapes["images"], "labels": shapes["labels"], "classes": np.array(list("abcde"))})
    save_classifier(
        params.model, model=trained, recipe=recipe, classes=list("abcde"),
        test_indices=shapes["test_idx"], test_fraction=0.2, labels=shapes["labels"],
    )
    return params


def test_score_generated_reads_the_recorded_split(tmp_path, params, shapes, recipe):
    assert recipe_of(params) == recipe
    save_npz(tmp_path / "generated.npz", {"images": shapes["test"][0]})
    scores = score_generated(params=params, generated=tmp_path / "generated.npz", classes_plot=tmp_path / "classes.png")
    assert iio.imread(tmp_path / "classes.png").ndim == 3
    assert scores["predicted_classes"]["n_images"] == len(shapes["test"][1])
    assert scores["real_test"]["n_images"] == len(shapes["test_idx"])
    assert scores["augmentation_upper_bound"]["label_source"] == "pseudo"


def test_the_fakes_are_classified_once_even_with_the_classes_plot(tmp_path, params, shapes, monkeypatch):
    fakes = shapes["test"][0][:-1]  # a count no real set has, to tell its calls apart
    assert len(fakes) not in (len(shapes["train"][0]), len(shapes["test"][0]))
    save_npz(tmp_path / "generated.npz", {"images": fakes})
    original, seen = fit.predict_proba, []

    def counted(model, images, **kwargs):
        seen.append(len(images))
        return original(model, images, **kwargs)

    for module in (fit, scoring):
        if hasattr(module, "predict_proba"):
            monkeypatch.setattr(module, "predict_proba", counted)
    score_generated(params=params, generated=tmp_path / "generated.npz", classes_plot=tmp_path / "classes.png")
    assert seen.count(len(fakes)) == 1


@pytest.mark.parametrize("recorded", [{"conditional": np.array(False)}, {}])
def test_labels_of_a_generator_not_recorded_as_conditional_are_refused(tmp_path, params, shapes, recorded):
    images, labels = shapes["test"]
    save_npz(tmp_path / "generated.npz", {"images": images, "labels": labels, **recorded})
    with pytest.raises(CalliganError, match="has `labels` but does not record a class-conditional generator"):
        score_generated(params=params, generated=tmp_path / "generated.npz")


def test_labels_of_a_conditional_generator_are_scored_as_intended(tmp_path, params, shapes):
    images, labels = shapes["test"]
    save_npz(tmp_path / "generated.npz", {"images": images, "labels": labels, "conditional": np.array(True)})
    result = score_generated(params=params, generated=tmp_path / "generated.npz")
    assert result["augmentation_upper_bound"]["label_source"] == "intended" and result["conditional"]["n_images"] == len(labels)


def test_without_classifier_training_no_classifier_is_trained(trained, shapes, recipe, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("a classifier was trained")

    monkeypatch.setattr(scoring, "classification_accuracy_score", no_training)
    monkeypatch.setattr(scoring, "augmentation_gain", no_training)
    images, labels = _well_classified(trained, *shapes["train"])
    scores = classifier_scores(
        trained, images, predict_proba(trained, images), labels, shapes["train"], shapes["test"],
        recipe=recipe, min_count=1, confidence=0.0, augment_k=4, augment_epochs=2, train_classifiers=False,
    )
    assert scores["conditional"] == {"conditional_accuracy": 1.0, "n_images": len(labels)}
    assert scores["predicted_classes"]["class_coverage"] == 1.0
    assert "cas" not in scores and "augmentation_upper_bound" not in scores

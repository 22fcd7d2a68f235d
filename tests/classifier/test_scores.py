import numpy as np
import pytest

from calligan.classifier.fit import predict_proba
from calligan.classifier.scores import classifier_scores


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
    assert scores["coverage"]["coverage"] == pytest.approx(1 / shapes["n_classes"])
    assert scores["coverage"]["entropy_normalised"] == pytest.approx(0.0)
    assert scores["augmentation"]["label_source"] == "pseudo"
    assert scores["augmentation"]["n_generated"] == 4  # k of the one class the pseudo-labels name
    assert "cas" not in scores and "conditional" not in scores


def test_balanced_perfect_conditional_samples(trained, shapes, recipe):
    images, labels = _well_classified(trained, *shapes["train"])
    scores = _scores(trained, shapes, recipe, images, labels)
    assert scores["coverage"]["coverage"] == 1.0
    assert scores["coverage"]["entropy_normalised"] == pytest.approx(1.0)
    assert scores["conditional"] == {"accuracy": 1.0, "n_images": len(labels)}
    assert scores["cas"]["n_train"] == len(labels)
    assert scores["cas"]["n_test"] == scores["real_test"]["n_images"] == len(shapes["test"][1])
    assert scores["augmentation"]["label_source"] == "intended"

import numpy as np
import pytest
import torch

from calligan.classifier.checkpoint import load_classifier, recorded_split, save_classifier
from calligan.classifier.fit import predict_proba
from calligan.errors import CalliganError


@pytest.fixture()
def saved(tmp_path, trained, shapes, recipe):
    path = tmp_path / "models" / "classifier.pt"
    save_classifier(
        path, model=trained, recipe=recipe, classes=list("abcde"),
        test_indices=shapes["test_idx"], test_fraction=0.2, labels=shapes["labels"],
    )
    return path


def test_round_trip_with_weights_only(saved, trained, shapes, recipe):
    torch.load(saved, weights_only=True)
    model, payload = load_classifier(saved)
    assert payload["recipe"] == recipe and payload["classes"] == list("abcde")
    np.testing.assert_array_equal(predict_proba(model, shapes["test"][0]), predict_proba(trained, shapes["test"][0]))


def test_recorded_split_is_given_back(saved, shapes):
    train_idx, test_idx = recorded_split(load_classifier(saved)[1], shapes["labels"])
    assert np.array_equal(test_idx, shapes["test_idx"])
    assert len(train_idx) + len(test_idx) == len(shapes["labels"])


def test_changed_dataset_is_refused(saved, shapes):
    with pytest.raises(CalliganError, match="rerun `calligan classifier`"):
        recorded_split(load_classifier(saved)[1], shapes["labels"][::-1])


def test_missing_file_names_the_fix(tmp_path):
    with pytest.raises(CalliganError, match="calligan classifier"):
        load_classifier(tmp_path / "nope.pt")


def test_damaged_file_is_one_clear_error(tmp_path):
    (tmp_path / "classifier.pt").write_bytes(b"PK\x03\x04 not really a torch file")
    with pytest.raises(CalliganError, match="cannot read the classifier"):
        load_classifier(tmp_path / "classifier.pt")

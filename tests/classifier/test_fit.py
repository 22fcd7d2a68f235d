import numpy as np
import torch

from calligan.classifier.fit import accuracy, fit_classifier, predict_proba, steps_for


def test_learns_shapes_well_above_chance(trained, shapes):
    assert accuracy(trained, *shapes["test"]) >= 0.9  # chance is 0.2


def test_probabilities_are_distributions(trained, shapes):
    probs = predict_proba(trained, shapes["test"][0])
    assert probs.shape == (len(shapes["test"][1]), shapes["n_classes"])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def test_same_seed_same_weights_and_caller_rng_untouched(shapes, recipe):
    images, labels = shapes["train"][0][::4], shapes["train"][1][::4]
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a = fit_classifier(images=images, labels=labels, n_classes=shapes["n_classes"], recipe=recipe, steps=3)
    after = torch.rand(1)
    b = fit_classifier(images=images, labels=labels, n_classes=shapes["n_classes"], recipe=recipe, steps=3)
    assert torch.equal(before, after)
    for (name, wa), wb in zip(a.state_dict().items(), b.state_dict().values()):
        assert torch.equal(wa, wb), name


def test_steps_cover_whole_epochs():
    assert steps_for(n_images=100, epochs=3, batch_size=32) == 10
    assert steps_for(n_images=1, epochs=1, batch_size=32) == 1

from __future__ import annotations

import numpy as np
import pytest
import torch

from calligan.gans.latent import balanced_labels, sample_latent, with_codes
from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec


def test_z_is_noise_then_one_hot_category_then_continuous_codes() -> None:
    noise, category, continuous = torch.zeros(2, 3), torch.tensor([2, 0]), torch.tensor([[0.5], [-1.5]])
    latent = with_codes(noise, categorical=category, continuous=continuous, n_categorical=4)
    assert latent.z.tolist() == [[0, 0, 0, 0, 0, 1, 0, 0.5], [0, 0, 0, 1, 0, 0, 0, -1.5]]
    assert latent.categorical is category and latent.continuous is continuous and latent.labels is None


def test_the_sampler_is_the_specs_alone_and_a_seed_fixes_it() -> None:
    spec = ModelSpec("infogan", "dcgan", 28, latent_dim=5, n_categorical=4, n_continuous=2)
    first = sample_latent(spec, 3, rng=torch.Generator().manual_seed(7))
    again = build_family(spec).sample_latent(3, rng=torch.Generator().manual_seed(7))
    assert torch.equal(first.z, again.z) and torch.equal(first.categorical, again.categorical)
    assert first.z.shape == (3, 5 + 4 + 2) and first.labels is None
    assert first.continuous.abs().max() <= 1 and set(first.categorical.tolist()) <= set(range(4))


def test_conditional_labels_are_drawn_unless_given_and_refused_by_an_unconditional_spec() -> None:
    conditional = ModelSpec("dcgan", "dcgan", 32, latent_dim=4, num_classes=3, conditional=True)
    drawn = sample_latent(conditional, 50, rng=torch.Generator().manual_seed(0))
    assert drawn.z.shape == (50, 4) and set(drawn.labels.tolist()) == {0, 1, 2}
    given = sample_latent(conditional, 2, labels=torch.tensor([2, 1]))
    assert given.labels.tolist() == [2, 1]
    with pytest.raises(ValueError, match="unconditional"):
        sample_latent(ModelSpec("dcgan", "dcgan", 32), 2, labels=torch.tensor([0, 1]))


def test_labels_are_balanced_and_every_prefix_cycles_through_the_classes():
    labels = balanced_labels(count=30, num_classes=3)
    assert labels.dtype == np.int64
    assert np.bincount(labels).tolist() == [10, 10, 10]
    assert labels[:3].tolist() == [0, 1, 2] and labels[3:6].tolist() == [0, 1, 2]


def test_remainder_goes_one_each_to_the_lowest_classes():
    assert np.bincount(balanced_labels(count=10, num_classes=4), minlength=4).tolist() == [3, 3, 2, 2]


def test_no_classes_is_an_error():
    with pytest.raises(ValueError):
        balanced_labels(count=10, num_classes=0)

from __future__ import annotations

import numpy as np
import pytest
import torch

from calligan.data.dataset import to_uint8
from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec
from calligan.generate.sampling import image_latents, sample_images
from calligan.generate.seeds import image_seeds


def _family(**spec):
    torch.manual_seed(0)
    family = build_family(ModelSpec(**{"width": 8, "latent_dim": 16, "image_size": 32, **spec}))
    family.generator.eval()
    return family


def _sample(family, seeds, *, batch_size):
    return sample_images(
        family.generator, family.spec, seeds=seeds, batch_size=batch_size, device=torch.device("cpu"), progress=False
    )


def test_each_image_is_redrawn_from_its_own_seed_whatever_the_batch():
    family = _family(family="dcgan", arch="dcgan")
    seeds = image_seeds(seed=3, count=12)
    whole = _sample(family, seeds, batch_size=5)
    alone = _sample(family, seeds[7:8], batch_size=1)
    assert whole.images.shape == (12, 32, 32) and whole.images.dtype == np.uint8 and whole.labels is None
    # Different batch shapes may take different float kernels: allow one gray level.
    assert np.abs(whole.images[7].astype(int) - alone.images[0]).max() <= 1
    assert np.array_equal(whole.seeds, seeds)


def test_conditional_labels_are_balanced_and_reach_the_generator():
    family = _family(family="dcgan", arch="dcgan", conditional=True, num_classes=3)
    samples = _sample(family, image_seeds(seed=0, count=9), batch_size=4)
    assert samples.labels.tolist() == [0, 1, 2] * 3
    # One seed under two labels: the class changes the image.
    same_seed = np.repeat(image_seeds(seed=0, count=1), 2)
    pair = _sample(family, same_seed, batch_size=2)
    assert pair.labels.tolist() == [0, 1] and not np.array_equal(pair.images[0], pair.images[1])


@pytest.mark.parametrize("n_categorical", [4, 0])
def test_infogan_codes_are_kept_apart_from_class_labels(n_categorical):
    family = _family(family="infogan", arch="dcgan", n_categorical=n_categorical, n_continuous=2)
    samples = _sample(family, image_seeds(seed=0, count=40), batch_size=16)
    assert samples.labels is None  # an unsupervised code is no intended class
    if n_categorical:
        assert samples.codes.dtype == np.int64 and set(samples.codes) == set(range(4))
    else:
        assert samples.codes is None


@pytest.mark.parametrize("n_categorical", [4, 0])
def test_truncation_bounds_the_noise_and_leaves_infogans_codes_alone(n_categorical):
    family = _family(family="infogan", arch="dcgan", n_categorical=n_categorical, n_continuous=2)
    seeds = image_seeds(seed=0, count=50)
    plain = image_latents(family.spec, seeds=seeds, labels=None, truncation=0.0)
    truncated = image_latents(family.spec, seeds=seeds, labels=None, truncation=0.5)
    noise = family.spec.latent_dim
    assert truncated.z[:, :noise].abs().max() <= 0.5 < plain.z[:, :noise].abs().max()
    redrawn = truncated.z[:, :noise][plain.z[:, :noise].abs() > 0.5]
    assert len(torch.unique(redrawn)) == len(redrawn)  # each image redraws from its own seed's stream
    # The codes are drawn before the noise is truncated, from the same stream: unchanged, one-hot and all.
    assert torch.equal(truncated.z[:, noise:], plain.z[:, noise:])
    assert torch.equal(truncated.continuous, plain.continuous)


def test_truncated_images_are_redrawn_from_their_own_seed_and_label():
    family = _family(family="dcgan", arch="dcgan", conditional=True, num_classes=3)
    seeds = image_seeds(seed=5, count=9)
    whole = sample_images(family.generator, family.spec, seeds=seeds, batch_size=4, device=torch.device("cpu"),
                          truncation=0.7, progress=False)
    latent = image_latents(family.spec, seeds=seeds[5:6], labels=whole.labels[5:6], truncation=0.7)
    with torch.no_grad():
        alone = to_uint8(family.generator(latent.z, latent.labels)).numpy()[0]
    assert np.abs(whole.images[5].astype(int) - alone).max() <= 1
    untruncated = _sample(family, seeds, batch_size=4)
    assert not np.array_equal(whole.images, untruncated.images)


def test_a_psi_no_component_reaches_draws_what_no_truncation_draws():
    family = _family(family="dcgan", arch="dcgan")
    seeds = image_seeds(seed=2, count=6)
    wide = sample_images(family.generator, family.spec, seeds=seeds, batch_size=6, device=torch.device("cpu"),
                         truncation=50.0, progress=False)
    assert np.array_equal(wide.images, _sample(family, seeds, batch_size=6).images)


def test_take_keeps_each_images_label_code_and_seed_together():
    family = _family(family="dcgan", arch="dcgan", conditional=True, num_classes=3)
    samples = _sample(family, image_seeds(seed=0, count=6), batch_size=6)
    picked = samples.take(np.array([4, 0, 5]))
    assert np.array_equal(picked.images, samples.images[[4, 0, 5]]) and picked.labels.tolist() == [1, 0, 2]
    assert picked.seeds.tolist() == samples.seeds[[4, 0, 5]].tolist() and picked.codes is None

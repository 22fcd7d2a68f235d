from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch
from scipy import stats
from torch.nn.modules.batchnorm import _BatchNorm

from calligan.data.tensors import to_uint8
from calligan.gans.latent import balanced_labels
from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec
from calligan.gans.standing import standing_statistics
from calligan.generate.sampling import image_latents, image_seeds, sample_images, settle_at_truncation, truncate


def test_seeds_are_reproducible_distinct_and_non_negative():
    seeds = image_seeds(seed=7, count=1000)
    assert seeds.dtype == np.int64 and np.all(seeds >= 0)
    assert len(np.unique(seeds)) == 1000
    assert np.array_equal(seeds, image_seeds(seed=7, count=1000))


def test_a_longer_set_extends_a_shorter_one_and_other_runs_do_not_overlap():
    assert np.array_equal(image_seeds(seed=7, count=50)[:10], image_seeds(seed=7, count=10))
    assert not set(image_seeds(seed=0, count=500)) & set(image_seeds(seed=1, count=500))


def _truncated(psi: float, *, shape=(4000, 100), seed=0) -> torch.Tensor:
    stream = torch.Generator().manual_seed(seed)
    return truncate(torch.randn(*shape, generator=stream), psi=psi, rng=stream)


@pytest.mark.parametrize("psi", [2.0, 1.0, 0.5, 0.1])
def test_every_component_lies_within_psi_and_follows_the_truncated_normal(psi):
    values = _truncated(psi).numpy().ravel()
    assert np.abs(values).max() <= psi
    # 400,000 draws: a clipped normal (mass piled at +-psi) or a uniform would be rejected outright.
    result = stats.kstest(values, stats.truncnorm(-psi, psi).cdf)
    assert result.pvalue > 1e-3, result


def test_components_inside_psi_are_kept_and_only_the_others_redrawn():
    stream = torch.Generator().manual_seed(1)
    noise = torch.randn(64, 100, generator=stream)
    out = truncate(noise, psi=1.0, rng=stream)
    inside = noise.abs() <= 1.0
    assert torch.equal(out[inside], noise[inside]) and not torch.equal(out, noise)
    assert torch.equal(noise, torch.randn(64, 100, generator=torch.Generator().manual_seed(1)))  # input untouched


def test_the_same_stream_gives_the_same_noise():
    assert torch.equal(_truncated(0.7, seed=3), _truncated(0.7, seed=3))
    assert not torch.equal(_truncated(0.7, seed=3), _truncated(0.7, seed=4))


@pytest.mark.parametrize("psi", [0.0, -1.0])
def test_psi_must_be_positive(psi):
    with pytest.raises(ValueError, match="psi"):
        truncate(torch.zeros(2, 3), psi=psi, rng=torch.Generator())


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


def _first_norm_input_variance(generator, latent) -> tuple[_BatchNorm, torch.Tensor]:
    """G's first BatchNorm and the per-channel variance of what it receives for `latent` (G in eval mode)."""
    norm = next(m for m in generator.modules() if isinstance(m, _BatchNorm))
    seen = []
    hook = norm.register_forward_pre_hook(lambda module, args: seen.append(args[0]))
    try:
        with torch.no_grad():
            generator(latent.z, latent.labels)
    finally:
        hook.remove()
    return norm, seen[0].transpose(0, 1).flatten(1).var(dim=1)


@pytest.mark.parametrize("spec", [
    {"family": "dcgan", "arch": "dcgan"},
    {"family": "dcgan", "arch": "dcgan", "conditional": True, "num_classes": 3},
    {"family": "infogan", "arch": "dcgan", "n_categorical": 4, "n_continuous": 2},
])
def test_settling_measures_the_batchnorm_statistics_of_noise_truncated_at_psi(spec):
    family = _family(**spec)
    generator = family.generator
    # Latents of their own, not the settling ones: the statistics must describe truncated noise in general.
    seeds = image_seeds(seed=9, count=2048)
    labels = balanced_labels(count=2048, num_classes=family.spec.num_classes) if family.spec.conditional else None
    plain = image_latents(family.spec, seeds=seeds, labels=labels, truncation=0.0)
    truncated = image_latents(family.spec, seeds=seeds, labels=labels, truncation=0.5)
    # As train leaves G: statistics stood on N(0, 1) noise.
    standing_statistics(generator, latent=replace(plain, z=plain.z[:512],
                                                  labels=None if labels is None else plain.labels[:512]))
    norm, plain_var = _first_norm_input_variance(generator, plain)
    assert torch.allclose(norm.running_var, plain_var, rtol=0.1)

    settle_at_truncation(generator, family.spec, psi=0.5, device=torch.device("cpu"))
    _, truncated_var = _first_norm_input_variance(generator, truncated)
    assert not generator.training
    # 10%: 512 settling latents against 2,048 others measure one variance (5.7% apart at most here).
    assert torch.allclose(norm.running_var, truncated_var, rtol=0.1)
    # Noise truncated at 0.5 has variance 0.08: the activations fall to a fifth or less of the untruncated.
    assert (norm.running_var < 0.3 * plain_var).all()


def test_settling_depends_on_the_generator_and_psi_alone():
    def settled(psi: float, *, global_seed: int) -> dict:
        family = _family(family="dcgan", arch="dcgan", conditional=True, num_classes=3)
        torch.manual_seed(global_seed)  # whatever else the process drew before
        settle_at_truncation(family.generator, family.spec, psi=psi, device=torch.device("cpu"))
        return family.generator.state_dict()

    first, again, other = settled(0.7, global_seed=1), settled(0.7, global_seed=2), settled(1.5, global_seed=1)
    assert all(torch.equal(first[name], again[name]) for name in first)
    assert not all(torch.equal(first[name], other[name]) for name in first)

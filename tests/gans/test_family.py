"""Every family, size, architecture and conditioning: one D step and one G step through the contract."""

from __future__ import annotations

import pytest
import torch

from calligan.gans.registry import FAMILIES, build_family
from calligan.gans.spec import ModelSpec

BATCH = 4
CLASSES = 3
INFO = {"latent_dim": 6, "n_categorical": 3, "n_continuous": 2}

CASES = (
    [ModelSpec("gan", "mlp", size, width=8, latent_dim=8) for size in (28, 32, 64, 128)]
    + [ModelSpec("dcgan", "dcgan", size, width=8, latent_dim=8) for size in (28, 32, 64, 128)]
    + [ModelSpec("infogan", "dcgan", size, width=8, **INFO) for size in (28, 32, 64, 128)]
    + [ModelSpec("wgan", "dcgan", size, width=8, latent_dim=8) for size in (64, 128)]
    + [
        ModelSpec(family, arch, size, width=8, latent_dim=8, conditional=True, num_classes=CLASSES)
        for family, arch in (("dcgan", "dcgan"), ("wgan-gp", "dcgan"), ("wgan-gp", "resnet"), ("wgan-gp", "fastgan"))
        for size in (64, 128)
    ]
    + [ModelSpec("wgan-gp", arch, size, width=8, latent_dim=8)
       for arch in ("dcgan", "resnet", "fastgan") for size in (64, 128)]
    # every family and arch at its defaults, so a new one is covered without a line here
    + [ModelSpec(name, arch, 32, width=8) for name, family in FAMILIES.items() for arch in family.archs]
)


def snapshot(parameters: list[torch.nn.Parameter]) -> list[torch.Tensor]:
    return [p.detach().clone() for p in parameters]


def case_id(spec: ModelSpec) -> str:
    return f"{spec.family}-{spec.arch}-{spec.image_size}{'-cond' if spec.conditional else ''}"


def assert_moved(before: list[torch.Tensor], parameters: list[torch.nn.Parameter]) -> None:
    unchanged = [i for i, (b, p) in enumerate(zip(before, parameters)) if torch.equal(b, p)]
    assert not unchanged, f"trained parameters {unchanged} did not change"


def assert_still(before: list[torch.Tensor], parameters: list[torch.nn.Parameter]) -> None:
    assert all(torch.equal(b, p) for b, p in zip(before, parameters)), "a frozen parameter changed"
    assert all(p.grad is None for p in parameters), "the loss reached the frozen side"


@pytest.mark.parametrize("spec", CASES, ids=case_id)
def test_one_discriminator_and_one_generator_step(spec: ModelSpec, engine) -> None:
    torch.manual_seed(0)
    family = build_family(spec)
    steps = engine(family)
    g_params, d_params = family.generator_parameters(), family.discriminator_parameters()
    real = torch.rand(BATCH, spec.channels, spec.image_size, spec.image_size) * 2 - 1
    real_labels = torch.arange(BATCH) % CLASSES

    latent = family.sample_latent(BATCH)
    assert latent.z.shape == (BATCH, spec.generator_input_dim)
    with torch.no_grad():
        fake = family.generator(latent.z, latent.labels)
    assert fake.shape == real.shape and fake.abs().max() <= 1
    assert family.discriminator(fake, latent.labels).shape == (BATCH,)

    g_before, d_before = snapshot(g_params), snapshot(d_params)
    stats = steps.discriminator_step(real, real_labels, latent)
    logged = set(stats) | {"d_loss", "g_loss"}  # the training step logs the two losses it steps on
    assert all(torch.isfinite(value) for value in stats.values())
    assert_moved(d_before, d_params)
    assert_still(g_before, g_params)

    for p in d_params:
        p.grad = None
    d_before = snapshot(d_params)
    logged |= steps.generator_step(family.sample_latent(BATCH)).keys()
    assert logged == set(family.statistics), "the family's statistics must name exactly what its log holds"
    assert_moved(g_before, g_params)
    assert_still(d_before, d_params)


def test_conditional_generator_obeys_the_labels_it_is_given() -> None:
    torch.manual_seed(0)
    family = build_family(ModelSpec("dcgan", "dcgan", 32, width=8, latent_dim=8, conditional=True, num_classes=CLASSES))
    family.generator.eval()
    latent = family.sample_latent(2, labels=torch.tensor([0, 0]))
    other = torch.tensor([1, 1])
    assert torch.equal(latent.labels, torch.tensor([0, 0]))
    assert not torch.allclose(family.generator(latent.z, latent.labels), family.generator(latent.z, other))


def test_conditional_latent_draws_every_label_in_range() -> None:
    family = build_family(ModelSpec("wgan-gp", "dcgan", 32, width=8, conditional=True, num_classes=CLASSES))
    labels = family.sample_latent(300, rng=torch.Generator().manual_seed(1)).labels
    assert set(labels.tolist()) == set(range(CLASSES))


def test_unconditional_family_ignores_real_labels_but_rejects_sampling_labels(engine) -> None:
    family = build_family(ModelSpec("dcgan", "dcgan", 32, width=8))
    latent = family.sample_latent(2)
    assert latent.labels is None
    engine(family).discriminator_step(torch.zeros(2, 1, 32, 32), torch.tensor([0, 1]), latent)
    with pytest.raises(ValueError, match="unconditional"):
        family.sample_latent(2, labels=torch.tensor([0, 1]))


def test_sample_latent_is_reproducible_from_an_rng() -> None:
    family = build_family(ModelSpec("infogan", "dcgan", 28, width=8, **INFO))
    a = family.sample_latent(3, rng=torch.Generator().manual_seed(5))
    b = family.sample_latent(3, rng=torch.Generator().manual_seed(5))
    assert torch.equal(a.z, b.z) and torch.equal(a.categorical, b.categorical)


def test_default_optimizers_follow_the_papers() -> None:
    wgan_gp = build_family(ModelSpec("wgan-gp", "resnet", 64, width=8))
    assert wgan_gp.default_optimizer == {"name": "adam", "lr": 1e-4, "betas": (0.0, 0.9)}
    assert all(isinstance(beta, float) for beta in wgan_gp.default_optimizer["betas"])
    assert wgan_gp.default_n_critic == 5
    wgan = build_family(ModelSpec("wgan", "dcgan", 64, width=8))
    assert wgan.default_optimizer == {"name": "rmsprop", "lr": 5e-5} and wgan.default_n_critic == 5
    assert build_family(ModelSpec("dcgan", "dcgan", 64, width=8)).default_n_critic == 1

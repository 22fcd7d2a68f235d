"""InfoGAN: the codes in z, Q on D's trunk, the info terms train G and Q but never D's trunk."""

from __future__ import annotations

import pytest
import torch

from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec

SPEC = ModelSpec("infogan", "dcgan", 28, width=8, latent_dim=62, n_categorical=10, n_continuous=2)


def test_latent_carries_uniform_category_and_continuous_codes_in_minus_one_one() -> None:
    family = build_family(SPEC)
    latent = family.sample_latent(500, generator=torch.Generator().manual_seed(0))
    assert latent.z.shape == (500, 74)
    assert set(latent.categorical.tolist()) == set(range(10))
    assert torch.equal(latent.z[:, 62:72].argmax(dim=1), latent.categorical)
    assert latent.continuous.min() >= -1 and latent.continuous.max() <= 1
    assert latent.continuous.min() < -0.9 and latent.continuous.max() > 0.9
    assert torch.equal(latent.z[:, 72:], latent.continuous)


def test_q_head_belongs_to_the_generator_side() -> None:
    family = build_family(SPEC)
    q = {id(p) for p in family.discriminator.q.parameters()}
    g_ids = {id(p) for p in family.generator_parameters()}
    d_ids = {id(p) for p in family.discriminator_parameters()}
    assert q <= g_ids and not q & d_ids
    assert {id(p) for p in family.discriminator.trunk.parameters()} <= d_ids
    assert len(g_ids | d_ids) == len(list(family.generator.parameters())) + len(list(family.discriminator.parameters()))


def test_discriminator_returns_q_codes_from_the_same_forward() -> None:
    family = build_family(SPEC)
    logits, codes = family.discriminator(torch.zeros(3, 1, 28, 28), with_q=True)
    assert logits.shape == (3,)
    assert codes.categorical_logits.shape == (3, 10)
    assert codes.continuous_mean.shape == codes.continuous_log_var.shape == (3, 2)


def info_gradients(weights: tuple[float, float]) -> tuple[list[torch.Tensor], list[torch.Tensor], list]:
    """G and Q gradients of the generator loss with the given info weights, D's trunk frozen."""
    torch.manual_seed(0)
    family = build_family(SPEC, info_categorical_weight=weights[0], info_continuous_weight=weights[1])
    for p in family.discriminator_parameters():
        p.requires_grad_(False)
    latent = family.sample_latent(4, generator=torch.Generator().manual_seed(1))
    loss, stats = family.generator_loss(latent)
    assert {"info_categorical", "info_continuous"} <= stats.keys()
    loss.backward()
    generator = [p.grad.clone() for p in family.generator.parameters()]
    q = [p.grad.clone() for p in family.discriminator.q.parameters()]
    return generator, q, [p.grad for p in family.discriminator.trunk.parameters()]


def test_info_terms_alone_reach_g_and_q_but_not_the_trunk() -> None:
    g_with, q_with, trunk = info_gradients((1.0, 0.1))
    g_without, q_without, _ = info_gradients((0.0, 0.0))
    assert all(grad.abs().sum() == 0 for grad in q_without)
    assert all(grad.abs().sum() > 0 for grad in q_with)
    # the info term's own contribution to every G tensor's gradient
    assert all((a - b).abs().sum() > 0 for a, b in zip(g_with, g_without))
    assert all(grad is None for grad in trunk)


def test_rejects_labels() -> None:
    family = build_family(SPEC)
    with pytest.raises(ValueError, match="labels=None"):
        family.discriminator(torch.zeros(2, 1, 28, 28), torch.tensor([0, 1]))

"""The BCE families: their statistics, and InfoGAN (the codes in z, Q on D's trunk, the information term
trains both sides)."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from calligan.gans.bce import InfoganFamily, InfoganSettings
from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec
from tests.engine import discriminator_loss, generator_loss

SPEC = ModelSpec("infogan", "dcgan", 28, width=8, latent_dim=62, n_categorical=10, n_continuous=2)


def test_d_logs_its_mean_probabilities_and_r_t_is_the_sign_of_the_real_logits() -> None:
    torch.manual_seed(0)
    family = build_family(ModelSpec("dcgan", "dcgan", 32, width=4, latent_dim=8))
    family.discriminator.eval()  # BatchNorm's running statistics: the passes below see the same D
    real = torch.rand(6, 1, 32, 32) * 2 - 1
    latent = family.sample_latent(6, rng=torch.Generator().manual_seed(1))
    _, stats = discriminator_loss(family, real, None, latent)
    real_logits = family.discriminator(real, None)
    fake_logits = family.discriminator(family.generator(latent.z, None), None)
    assert stats["p_real"].item() == pytest.approx(torch.sigmoid(real_logits).mean().item(), rel=1e-5)
    assert stats["p_fake"].item() == pytest.approx(torch.sigmoid(fake_logits).mean().item(), rel=1e-5)
    assert stats["ada_r_t"].item() == pytest.approx(torch.sign(real_logits).mean().item())


def test_default_nets_are_chen_et_al_s_with_fully_connected_layers_of_16_x_width() -> None:
    spec = ModelSpec("infogan", None, 28, width=8, latent_dim=8)  # z: 8 noise + 10 category + 2 continuous
    assert spec.arch == "dcgan-fc"
    family = build_family(spec)
    stem = [(layer.in_features, layer.out_features) for layer in family.generator.stem if isinstance(layer, nn.Linear)]
    assert stem == [(20, 128), (128, 16 * 7 * 7)]  # z -> 128 units -> the 16-channel 7x7 base map
    layer = family.discriminator.fully_connected[0]
    assert (layer.in_features, layer.out_features) == (784, 128)  # the flat 16 x 7 x 7 trunk -> 128 units
    assert family.discriminator.head.in_features == family.discriminator.q.body[0].in_features == 128
    plain = build_family(SPEC)  # arch dcgan: the heads read the trunk's flat map, G's stem is one linear map
    assert isinstance(plain.discriminator.fully_connected, nn.Identity)
    assert [type(layer) for layer in plain.generator.stem] == [nn.Linear, nn.Unflatten]
    assert plain.discriminator.head.in_features == 784


def test_latent_carries_uniform_category_and_continuous_codes_in_minus_one_one() -> None:
    family = build_family(SPEC)
    latent = family.sample_latent(500, rng=torch.Generator().manual_seed(0))
    assert latent.z.shape == (500, 74)
    assert set(latent.categorical.tolist()) == set(range(10))
    assert torch.equal(latent.z[:, 62:72].argmax(dim=1), latent.categorical)
    assert latent.continuous.min() >= -1 and latent.continuous.max() <= 1
    assert latent.continuous.min() < -0.9 and latent.continuous.max() > 0.9
    assert torch.equal(latent.z[:, 72:], latent.continuous)


def test_q_head_belongs_to_the_discriminator_side() -> None:
    family = build_family(SPEC)
    q = {id(p) for p in family.discriminator.q.parameters()}
    g_ids = {id(p) for p in family.generator_parameters()}
    d_ids = {id(p) for p in family.discriminator_parameters()}
    assert q <= d_ids and not q & g_ids
    assert {id(p) for p in family.discriminator.trunk.parameters()} <= d_ids


def test_discriminator_returns_q_codes_from_the_same_forward() -> None:
    family = build_family(SPEC)
    logits, codes = family.discriminator(torch.zeros(3, 1, 28, 28), with_q=True)
    assert logits.shape == (3,)
    assert codes.categorical_logits.shape == (3, 10)
    assert codes.continuous_mean.shape == (3, 2)


def _gradients(module: torch.nn.Module) -> list[torch.Tensor]:
    return [torch.zeros_like(p) if p.grad is None else p.grad.clone() for p in module.parameters()]


def generator_gradients(weights: tuple[float, float]) -> list[torch.Tensor]:
    """G's gradients of the generator loss with the given info weights, D (and Q) frozen."""
    torch.manual_seed(0)
    family = InfoganFamily(SPEC, InfoganSettings(*weights))
    for p in family.discriminator_parameters():
        p.requires_grad_(False)
    latent = family.sample_latent(4, rng=torch.Generator().manual_seed(1))
    loss, stats = generator_loss(family, latent)
    assert {"info_categorical", "info_continuous"} <= stats.keys()
    loss.backward()
    return _gradients(family.generator)


def discriminator_gradients(weights: tuple[float, float]) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """(trunk, Q) gradients of the discriminator loss with the given info weights, G frozen."""
    torch.manual_seed(0)
    family = InfoganFamily(SPEC, InfoganSettings(*weights))
    for p in family.generator_parameters():
        p.requires_grad_(False)
    real = torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(2)) * 2 - 1
    latent = family.sample_latent(4, rng=torch.Generator().manual_seed(1))
    loss, _ = discriminator_loss(family, real, None, latent)
    loss.backward()
    return _gradients(family.discriminator.trunk), _gradients(family.discriminator.q)


def test_information_term_reaches_every_generator_tensor() -> None:
    with_info, without = generator_gradients((1.0, 0.1)), generator_gradients((0.0, 0.0))
    assert all((a - b).abs().sum() > 0 for a, b in zip(with_info, without))


def test_information_term_trains_q_and_the_trunk_in_the_discriminator_step() -> None:
    """Chen et al. minimise the information loss on D's side too: trunk and Q learn to read the codes."""
    trunk_with, q_with = discriminator_gradients((1.0, 0.1))
    trunk_without, q_without = discriminator_gradients((0.0, 0.0))
    assert all(grad.abs().sum() == 0 for grad in q_without)
    assert all(grad.abs().sum() > 0 for grad in q_with)
    assert any((a - b).abs().sum() > 0 for a, b in zip(trunk_with, trunk_without))


def test_rejects_labels() -> None:
    family = build_family(SPEC)
    with pytest.raises(ValueError, match="labels=None"):
        family.discriminator(torch.zeros(2, 1, 28, 28), torch.tensor([0, 1]))

from __future__ import annotations

import pytest
import torch

from calligan import losses
from calligan.gans.hinge import HingeFamily
from calligan.gans.latent import Latent
from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec
from tests.engine import discriminator_loss, generator_loss


def test_discriminator_loss_is_the_hinge_of_its_scores_and_r_t_is_the_sign_of_the_real_ones() -> None:
    torch.manual_seed(0)
    family = build_family(ModelSpec("hinge", None, 32, width=4, latent_dim=8, conditional=True, num_classes=3))
    assert isinstance(family, HingeFamily) and family.spec.arch == "sngan"
    real, labels = torch.rand(6, 1, 32, 32) * 2 - 1, torch.tensor([0, 1, 2, 0, 1, 2])
    latent = family.sample_latent(6, rng=torch.Generator().manual_seed(1))
    family.discriminator.eval()  # no power iteration: the two passes below see the same weights
    loss, stats = discriminator_loss(family, real, labels, latent)
    real_scores = family.discriminator(real, labels)
    fake_scores = family.discriminator(family.generator(latent.z, latent.labels), latent.labels)
    assert loss.item() == pytest.approx(losses.hinge_discriminator(real_scores, fake_scores).item(), rel=1e-5)
    assert stats["ada_r_t"].item() == pytest.approx(torch.sign(real_scores).mean().item())
    assert stats["critic_real"].item() == pytest.approx(real_scores.mean().item(), rel=1e-5)


def test_generator_loss_is_minus_the_mean_score_of_its_images() -> None:
    torch.manual_seed(0)
    family = build_family(ModelSpec("hinge", "sngan", 32, width=4, latent_dim=8))
    family.discriminator.eval()
    latent = Latent(z=torch.randn(4, 8), labels=None)
    loss, _ = generator_loss(family, latent)
    expected = -family.discriminator(family.generator(latent.z, None)).mean()
    assert loss.item() == pytest.approx(expected.item(), rel=1e-5)

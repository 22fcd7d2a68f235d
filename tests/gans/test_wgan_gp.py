from __future__ import annotations

import pytest
import torch
from torch import nn

from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec
from calligan.gans.wgan_gp import WganGpFamily, WganGpSettings


@pytest.mark.parametrize("arch", ["dcgan", "resnet"])
def test_critic_has_no_batch_norm_and_scores_samples_independently(arch: str) -> None:
    torch.manual_seed(0)
    family = build_family(ModelSpec("wgan-gp", arch, 32, width=8, conditional=True, num_classes=3))
    critic = family.discriminator
    assert not any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in critic.modules())
    x, labels = torch.randn(3, 1, 32, 32), torch.tensor([0, 1, 2])
    assert torch.allclose(critic(x, labels)[:1], critic(x[:1], labels[:1]), atol=1e-6)


def test_critic_loss_adds_lambda_times_the_penalty() -> None:
    spec = ModelSpec("wgan-gp", "dcgan", 32, width=8)
    real = torch.rand(4, 1, 32, 32)
    results = []
    for weight in (0.0, 10.0):
        torch.manual_seed(0)
        family = WganGpFamily(spec, WganGpSettings(gp_weight=weight))
        latent = family.sample_latent(4, generator=torch.Generator().manual_seed(1))
        results.append(family.discriminator_loss(real, None, latent))
    (plain, _), (penalised, stats) = results
    assert stats["gradient_penalty"] > 0
    assert penalised.item() == pytest.approx(plain.item() + 10.0 * stats["gradient_penalty"].item(), rel=1e-5)
    assert stats["wasserstein"].item() == pytest.approx((stats["d_real"] - stats["d_fake"]).item(), rel=1e-5)

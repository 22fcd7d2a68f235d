"""The Wasserstein families: the critic's statistics and ADA's signal for a critic, which has no fixed
zero; WGAN's clipping; WGAN-GP's penalty, and FastGAN's reconstructing critic."""

from __future__ import annotations

import pandas as pd
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from calligan.config.train import TrainParams
from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec
from calligan.gans.wasserstein import WganFamily, WganGpFamily, WganGpSettings, WganSettings, critic_statistics
from calligan.train.outputs import TrainLog
from calligan.train.steps import augmented_critic
from tests.engine import discriminator_loss


def test_r_t_reads_how_far_the_critic_separates_real_from_fake():
    fakes = torch.linspace(-1, 1, 64)
    assert critic_statistics(fakes + 10, fakes)[1]["ada_r_t"] == 1  # every real above every fake: overfitting
    assert critic_statistics(-fakes - 10, fakes)[1]["ada_r_t"] == -1
    assert abs(critic_statistics(fakes.flip(0), fakes)[1]["ada_r_t"]) < 0.05  # the same scores: no signal
    loss, stats = critic_statistics(fakes + 1, fakes)
    assert torch.isclose(stats["wasserstein"], stats["critic_real"] - stats["critic_fake"])
    assert torch.isclose(loss, -stats["wasserstein"])


def test_critic_weights_stay_clipped_after_a_step(engine) -> None:
    torch.manual_seed(0)
    family = WganFamily(ModelSpec("wgan", "dcgan", 32, width=8), WganSettings(clip_value=0.005))
    critic = family.discriminator_parameters()
    before = [p.detach().clone() for p in critic]
    # A large RMSprop step throws weights far outside the box; the engine's step must bring them back.
    engine(family, TrainParams(lr_d=0.1)).discriminator_step(torch.rand(4, 1, 32, 32), None, family.sample_latent(4))
    assert any(not torch.equal(b, p) for b, p in zip(before, critic))
    assert max(p.abs().max().item() for p in critic) == pytest.approx(0.005)
    assert all(p.abs().max() <= 0.005 for p in critic)


def test_clip_value_must_be_positive() -> None:
    with pytest.raises(ValueError, match="clip_value"):
        WganSettings(clip_value=0.0)


@pytest.mark.parametrize("arch", ["dcgan", "resnet", "fastgan"])
def test_gradient_penalty_critic_has_no_batch_norm_and_scores_samples_independently(arch: str) -> None:
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
        family = WganGpFamily(spec, WganGpSettings(gp_weight=weight, recon_weight=1.0))
        latent = family.sample_latent(4, rng=torch.Generator().manual_seed(1))
        results.append(discriminator_loss(family, real, None, latent))
    (plain, _), (penalised, stats) = results
    assert stats["gradient_penalty"] > 0
    assert penalised.item() == pytest.approx(plain.item() + 10.0 * stats["gradient_penalty"].item(), rel=1e-5)
    assert stats["wasserstein"].item() == pytest.approx((stats["critic_real"] - stats["critic_fake"]).item(), rel=1e-5)


def _fastgan_loss(recon_weight: float, *, conditional: bool = False, real: torch.Tensor | None = None):
    spec = ModelSpec("wgan-gp", "fastgan", 64, width=4, latent_dim=8, conditional=conditional,
                     num_classes=3 if conditional else 0)
    torch.manual_seed(0)
    family = WganGpFamily(spec, WganGpSettings(gp_weight=10.0, recon_weight=recon_weight))
    if real is None:
        real = torch.rand(4, 1, 64, 64, generator=torch.Generator().manual_seed(2)) * 2 - 1
    latent = family.sample_latent(len(real), rng=torch.Generator().manual_seed(1))
    labels = torch.arange(len(real)) % 3 if conditional else None
    return family, latent, discriminator_loss(family, real, labels, latent)


def test_fastgan_critic_loss_adds_the_weighted_reconstruction_and_at_weight_0_is_plain_wgan_gp() -> None:
    _, _, (plain, stats0) = _fastgan_loss(0.0)
    _, _, (reconstructing, stats) = _fastgan_loss(2.0)
    assert stats["recon_loss"] > 0 and stats0["recon_loss"] == stats["recon_loss"]  # logged at weight 0 too
    wgan_gp = -stats0["wasserstein"] + 10.0 * stats0["gradient_penalty"]
    assert plain.item() == pytest.approx(wgan_gp.item(), rel=1e-5)
    assert reconstructing.item() == pytest.approx(plain.item() + 2.0 * stats["recon_loss"].item(), rel=1e-5)
    assert stats["wasserstein"].item() == pytest.approx((stats["critic_real"] - stats["critic_fake"]).item(), rel=1e-5)


def test_fastgan_critic_loss_trains_the_decoders_as_recon_weight_says() -> None:
    for weight in (1.0, 0.0):
        family, _, (loss, _) = _fastgan_loss(weight, conditional=True)
        loss.backward()
        decoders = [*family.discriminator.whole.parameters(), *family.discriminator.part.parameters()]
        assert all((p.grad.abs().sum() > 0) == (weight > 0) for p in decoders), weight


def test_fastgan_target_is_the_augmented_image_the_critic_saw() -> None:
    family = build_family(ModelSpec("wgan-gp", "fastgan", 64, width=4))
    critic = augmented_critic(family, lambda images: images.flip(-1))  # a stand-in for DiffAugment: any change will do
    real = torch.rand(2, 1, 64, 64)
    _, _, target = critic(real, None, with_recon=True)
    assert torch.allclose(target[:, 0], F.avg_pool2d(real.flip(-1), 2))


def test_fastgan_steps_log_recon_loss_and_other_archs_leave_its_column_empty(engine, tmp_path) -> None:
    real, labels = torch.rand(4, 1, 64, 64) * 2 - 1, torch.arange(4) % 3
    rows = {}
    for arch in ("fastgan", "dcgan"):
        torch.manual_seed(0)
        family = build_family(ModelSpec("wgan-gp", arch, 64, width=4, latent_dim=8, conditional=True, num_classes=3))
        steps = engine(family)
        d_stats = steps.discriminator_step(real, labels, family.sample_latent(4))
        g_stats = steps.generator_step(family.sample_latent(4))
        assert all(torch.isfinite(v) for v in (*d_stats.values(), *g_stats.values()))
        assert ("recon_loss" in d_stats) == ("recon_loss" in family.statistics) == (arch == "fastgan")
        rows[arch] = {"step": 1, **{k: float(v) for k, v in {**d_stats, **g_stats}.items()}}
    assert rows["fastgan"]["recon_loss"] > 0
    log = TrainLog(tmp_path / "log.csv", resume_step=0)
    log.append(rows["fastgan"])
    log.append(rows["dcgan"])
    frame = pd.read_csv(tmp_path / "log.csv")
    assert frame["recon_loss"].notna().tolist() == [True, False]
    assert frame["gradient_penalty"].notna().all()


def test_fastgan_critic_statistics_are_the_wasserstein_familys_own() -> None:
    """The reconstructing critic scores the real batch in its with_recon pass; it must log exactly what
    `critic_statistics` gives for the same critic and batch."""
    real = torch.linspace(-1, 1, 16).view(16, 1, 1, 1).expand(16, 1, 64, 64)  # scores spread around the fakes'
    family, latent, (loss, stats) = _fastgan_loss(1.0, real=real)
    with torch.no_grad():
        fake = family.generator(latent.z, None)
        plain_loss, plain = critic_statistics(family.discriminator(real, None), family.discriminator(fake, None))
    assert stats.keys() == {*plain, "gradient_penalty", "recon_loss"} and stats["recon_loss"] > 0
    assert torch.allclose(loss, plain_loss + 10.0 * stats["gradient_penalty"] + stats["recon_loss"])
    assert all(torch.allclose(stats[key], plain[key]) for key in plain)

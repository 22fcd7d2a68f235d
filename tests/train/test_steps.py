"""One training step's parts: the EMA and the on-device statistics."""

import pytest
import torch
from torch import nn

from calligan.train.steps import StepStats, ema_beta, ema_half_life, make_ema, update_ema


def test_beta_halves_weight_after_half_life_images():
    beta = ema_beta(batch=32, half_life_images=3200)
    assert beta ** (3200 / 32) == pytest.approx(0.5)


def test_half_life_ramps_up_with_the_images_seen():
    assert ema_half_life(images_seen=320, half_life_images=2000, rampup=0.05) == pytest.approx(16)
    assert ema_half_life(images_seen=10**6, half_life_images=2000, rampup=0.05) == 2000
    assert ema_half_life(images_seen=320, half_life_images=2000, rampup=0.0) == 2000


def test_update_moves_parameters_and_copies_buffers():
    net = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
    ema = make_ema(net)
    assert not any(p.requires_grad for p in ema.parameters())
    start = ema[0].weight.clone()
    with torch.no_grad():
        net[0].weight.add_(1.0)
    net(torch.randn(8, 3))  # train-mode forward changes the BatchNorm running statistics
    update_ema(ema, net, beta=0.75)
    assert torch.allclose(ema[0].weight, 0.75 * start + 0.25 * net[0].weight)
    assert torch.equal(ema[1].running_mean, net[1].running_mean)
    assert torch.equal(ema[1].num_batches_tracked, net[1].num_batches_tracked)


def test_means_and_first_non_finite_step():
    stats = StepStats(torch.device("cpu"))
    stats.add(step=1, losses=[torch.tensor(1.0)], stats={"d_loss": torch.tensor(1.0)})
    stats.add(step=1, losses=[torch.tensor(3.0)], stats={"d_loss": torch.tensor(3.0), "g_loss": torch.tensor(5.0)})
    assert stats.bad_step() is None
    assert stats.means() == pytest.approx({"d_loss": 2.0, "g_loss": 5.0})
    stats.add(step=2, losses=[torch.tensor(float("nan"))], stats={})
    stats.add(step=3, losses=[torch.tensor(float("inf"))], stats={})
    assert stats.bad_step() == 2

"""The losses against hand computations, including the per-sample gradient-penalty norm."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from calligan import losses


def linear_critic(w: torch.Tensor):
    """D(x) = <w, x>: its gradient is w at every x, so the penalty is (||w|| - 1)^2 exactly."""
    return lambda x: (x * w).flatten(1).sum(dim=1)


def test_gradient_penalty_of_a_linear_critic_is_norm_of_w_minus_one_squared() -> None:
    torch.manual_seed(0)
    w = torch.rand(1, 1, 6, 6, dtype=torch.float64) * 0.6
    real, fake = torch.randn(5, 1, 6, 6, dtype=torch.float64), torch.randn(5, 1, 6, 6, dtype=torch.float64)
    expected = (w.norm() - 1) ** 2
    per_pixel_bug = ((w.abs() - 1) ** 2).mean()  # what norm(dim=1) over a 1-channel image would give
    assert not math.isclose(expected.item(), per_pixel_bug.item(), rel_tol=1e-3)
    assert losses.gradient_penalty(linear_critic(w), real, fake).item() == pytest.approx(expected.item(), rel=1e-12)


def test_gradient_penalty_matches_a_per_sample_loop_on_a_nonlinear_critic() -> None:
    torch.manual_seed(1)
    critic = nn.Sequential(nn.Conv2d(1, 3, 3), nn.Tanh(), nn.Flatten(), nn.Linear(3 * 6 * 6, 1), nn.Flatten(0)).double()
    real, fake = torch.randn(4, 1, 8, 8, dtype=torch.float64), torch.randn(4, 1, 8, 8, dtype=torch.float64)
    alpha = torch.rand(4, 1, 1, 1, dtype=torch.float64)
    terms = []
    for i in range(4):
        x_hat = (alpha[i] * real[i] + (1 - alpha[i]) * fake[i]).unsqueeze(0).requires_grad_(True)
        (grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat)
        terms.append((grad.norm() - 1) ** 2)
    expected = torch.stack(terms).mean()
    assert losses.gradient_penalty(critic, real, fake, alpha=alpha).item() == pytest.approx(expected.item(), rel=1e-10)


def test_gradient_penalty_keeps_the_graph_for_the_critic_and_forwards_kwargs() -> None:
    torch.manual_seed(2)
    critic = nn.Linear(4, 1).double()
    seen = {}

    def conditional(x: torch.Tensor, *, labels: torch.Tensor) -> torch.Tensor:
        seen["labels"] = labels
        return torch.tanh(critic(x.flatten(1))).squeeze(1)

    real, fake = torch.randn(3, 1, 2, 2, dtype=torch.float64), torch.randn(3, 1, 2, 2, dtype=torch.float64)
    labels = torch.tensor([0, 2, 1])
    losses.gradient_penalty(conditional, real, fake, labels=labels).backward()
    assert seen["labels"] is labels
    assert critic.weight.grad is not None and critic.weight.grad.abs().sum() > 0


def test_bce_discriminator_rewards_telling_real_from_fake() -> None:
    confident = losses.bce_discriminator(torch.tensor([4.0]), torch.tensor([-4.0]))
    fooled = losses.bce_discriminator(torch.tensor([-4.0]), torch.tensor([4.0]))
    assert confident < fooled
    logit = torch.tensor([0.3])
    by_hand = -torch.log(torch.sigmoid(logit)) - torch.log(1 - torch.sigmoid(-logit))
    assert losses.bce_discriminator(logit, -logit).item() == pytest.approx(by_hand.item())


def test_nonsaturating_generator_loss_is_minus_log_d_and_does_not_vanish() -> None:
    logits = torch.tensor([-6.0, 0.0, 6.0], requires_grad=True)
    loss = losses.bce_generator_nonsaturating(logits)
    assert loss.item() == pytest.approx(-torch.log(torch.sigmoid(logits)).mean().item())
    loss.backward()
    assert (logits.grad < 0).all()  # descending it raises D(G(z))
    # where D rejects the fake (logit -6) the gradient stays near its maximum, unlike log(1 - D)
    saturating = torch.autograd.grad(torch.log(1 - torch.sigmoid(logits[0])), logits)[0][0]
    assert abs(logits.grad[0] * 3) > 0.99 and abs(saturating) < 0.01


def test_wasserstein_signs() -> None:
    real, fake = torch.tensor([2.0, 4.0]), torch.tensor([1.0, -1.0])
    assert losses.wasserstein_critic(real, fake).item() == pytest.approx(0.0 - 3.0)
    assert losses.wasserstein_generator(fake).item() == pytest.approx(0.0)
    assert losses.wasserstein_generator(torch.tensor([5.0])).item() == pytest.approx(-5.0)


def test_info_categorical_is_cross_entropy_on_logits() -> None:
    logits, target = torch.tensor([[2.0, 0.0, -1.0], [0.0, 0.0, 3.0]]), torch.tensor([0, 1])
    by_hand = -(torch.log_softmax(logits, dim=1)[[0, 1], target]).mean()
    assert losses.info_categorical(logits, target).item() == pytest.approx(by_hand.item())


def test_info_continuous_is_unit_variance_gaussian_negative_log_likelihood() -> None:
    mean, target = torch.tensor([[0.0, 1.0]]), torch.tensor([[0.5, -1.0]])
    # without the constant 0.5 log(2 pi), which does not move the optimum
    by_hand = 0.5 * ((target - mean) ** 2).mean()
    assert losses.info_continuous_gaussian_nll(mean, target).item() == pytest.approx(by_hand.item())
    exact = torch.distributions.Normal(mean, 1.0).log_prob(target).mean() + 0.5 * math.log(2 * math.pi)
    assert losses.info_continuous_gaussian_nll(mean, target).item() == pytest.approx(-exact.item())
    # bounded below: a perfect Q scores 0, never less (a learned variance had no floor)
    assert losses.info_continuous_gaussian_nll(target, target).item() == 0.0


def test_reconstruction_l1_is_the_mean_absolute_error_and_trains_only_the_reconstruction() -> None:
    target = torch.tensor([[0.5, -1.0], [1.0, 0.0]])
    assert losses.reconstruction_l1(target.clone(), target).item() == 0.0
    recon = torch.tensor([[0.0, -1.0], [0.0, 1.0]], requires_grad=True)
    target.requires_grad_(True)
    loss = losses.reconstruction_l1(recon, target)
    assert loss.item() == pytest.approx((0.5 + 0 + 1 + 1) / 4)
    loss.backward()
    assert torch.equal(recon.grad, torch.tensor([[-0.25, 0.0], [-0.25, 0.25]]))
    assert target.grad is None  # the target is what the decoder aims at, never moved towards it


def test_hinge_discriminator_counts_only_scores_inside_the_margins() -> None:
    real, fake = torch.tensor([2.0, 0.5]), torch.tensor([-2.0, 0.0])
    # real: max(0, 1 - 2) = 0 and max(0, 1 - 0.5) = 0.5; fake: max(0, 1 - 2) = 0 and max(0, 1 + 0) = 1
    assert losses.hinge_discriminator(real, fake).item() == pytest.approx(0.25 + 0.5)
    assert losses.hinge_discriminator(torch.tensor([1.5]), torch.tensor([-1.5])).item() == 0.0

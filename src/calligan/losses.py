"""GAN losses as pure functions of scores (logits for BCE families, raw scores for WGAN and hinge)."""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F


def bce_discriminator(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """-log D(x) - log(1 - D(G(z))), on logits so the sigmoid never saturates numerically."""
    real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real + fake


def bce_generator_nonsaturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """-log D(G(z)): maximises log D(G(z)), which keeps gradients alive while D wins early on."""
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


def wasserstein_critic(real_scores: torch.Tensor, fake_scores: torch.Tensor) -> torch.Tensor:
    """E[D(G(z))] - E[D(x)]: minimising it maximises the critic's Wasserstein estimate."""
    return fake_scores.mean() - real_scores.mean()


def wasserstein_generator(fake_scores: torch.Tensor) -> torch.Tensor:
    """-E[D(G(z))]; also the generator's loss against a hinge discriminator (Lim & Ye 2017)."""
    return -fake_scores.mean()


def hinge_discriminator(real_scores: torch.Tensor, fake_scores: torch.Tensor) -> torch.Tensor:
    """E[max(0, 1 - D(x))] + E[max(0, 1 + D(G(z)))]: D stops pushing a sample once it is past its margin."""
    return F.relu(1 - real_scores).mean() + F.relu(1 + fake_scores).mean()


def gradient_penalty(
    critic: Callable[..., torch.Tensor],
    real: torch.Tensor,
    fake: torch.Tensor,
    *,
    alpha: torch.Tensor | None = None,
    **critic_kwargs,
) -> torch.Tensor:
    """E[(||grad D(x_hat)||_2 - 1)^2] before the weight lambda (Gulrajani et al. 2017).

    x_hat = alpha * real + (1 - alpha) * fake with one alpha per sample; the norm is per sample over
    all of C x H x W. alpha: [B, 1, 1, 1] to fix the mix (default U(0, 1)); critic_kwargs go to the
    critic (e.g. labels for a conditional critic). The graph is kept so the penalty trains the critic.
    """
    if alpha is None:
        alpha = torch.rand(real.shape[0], *([1] * (real.dim() - 1)), device=real.device, dtype=real.dtype)
    mixed = (alpha * real.detach() + (1 - alpha) * fake.detach()).requires_grad_(True)
    scores = critic(mixed, **critic_kwargs)
    (grad,) = torch.autograd.grad(scores.sum(), mixed, create_graph=True)
    return ((grad.flatten(1).norm(2, dim=1) - 1) ** 2).mean()


def reconstruction_l1(reconstruction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean absolute pixel error of a discriminator's decoders (FastGAN's self-supervision, with a
    plain pixel loss in place of the paper's LPIPS); 0 exactly for a perfect reconstruction."""
    return (reconstruction - target.detach()).abs().mean()


def info_categorical(logits: torch.Tensor, target_index: torch.Tensor) -> torch.Tensor:
    """Cross-entropy on Q's raw logits (no softmax before it) against the sampled category."""
    return F.cross_entropy(logits, target_index)


def info_continuous_gaussian_nll(mean: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Negative log-likelihood of the sampled continuous codes under a unit-variance Gaussian at Q's
    `mean`, without the constant: 0.5 (c - mean)^2.

    The variance is fixed, as in the authors' code (`Uniform(1, fix_std=True)`): with a learned one the
    term has no floor and Q pays for certainty with ever smaller variances; on MNIST, G then drew the
    continuous codes as digit identity (traversals turned 4s into 7s), leaving the category less.
    """
    return F.gaussian_nll_loss(mean, target, torch.ones_like(mean))

"""The Wasserstein objective shared by WGAN and WGAN-GP: raw critic scores, no sigmoid."""

from __future__ import annotations

import torch

from calligan import losses
from calligan.gans.family import GanFamily, Stats
from calligan.gans.latent import Latent


def critic_statistics(real_scores: torch.Tensor, fake_scores: torch.Tensor) -> tuple[torch.Tensor, Stats]:
    """The critic's Wasserstein loss on one real and one fake batch of scores, and its statistics.

    `real_sign` is ADA's overfitting heuristic r_t = E[sign(D(real))] adapted to a critic, which has no
    fixed zero (a constant shift changes neither loss): the zero is the midpoint of the real and fake
    mean scores, so r_t is about 0 while the critic cannot tell them apart and 1 when it rates every
    real image above that line, as one that has memorised its training images does.
    """
    loss = losses.wasserstein_critic(real_scores, fake_scores)
    boundary = (real_scores.mean() + fake_scores.mean()).detach() / 2
    return loss, {
        "wasserstein": -loss.detach(),  # E[D(real)] - E[D(fake)]
        "d_real": real_scores.mean().detach(),
        "d_fake": fake_scores.mean().detach(),
        "real_sign": torch.sign(real_scores.detach() - boundary).mean(),
    }


class WassersteinFamily(GanFamily):
    default_n_critic = 5  # Arjovsky et al. and Gulrajani et al.: 5 critic steps per G step
    statistics = ("d_loss", "g_loss", "wasserstein", "d_real", "d_fake", "real_sign")
    progress = ("d_loss", "g_loss", "wasserstein")

    def critic_terms(
        self, real: torch.Tensor, real_labels: torch.Tensor | None, latent: Latent
    ) -> tuple[torch.Tensor, torch.Tensor, Stats]:
        """(critic loss, the fakes scored, stats) - WGAN-GP adds its penalty on the same fakes."""
        fake = self.detached_fake(latent)
        real_scores = self.score(real, self.conditioning(real_labels))
        loss, stats = critic_statistics(real_scores, self.score(fake, latent.labels))
        return loss, fake, stats

    def generator_loss(self, latent: Latent) -> tuple[torch.Tensor, Stats]:
        loss = losses.wasserstein_generator(self.score(self.fake(latent), latent.labels))
        return loss, {}

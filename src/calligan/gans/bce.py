"""The families trained with the original GAN objective: BCE for D, non-saturating loss for G."""

from __future__ import annotations

import torch

from calligan import losses
from calligan.gans.family import GanFamily, Stats
from calligan.gans.latent import Latent

ADAM_DCGAN = {"name": "adam", "lr": 2e-4, "betas": (0.5, 0.999)}  # Radford et al. 2015


class BceFamily(GanFamily):
    default_optimizer = ADAM_DCGAN
    default_n_critic = 1
    statistics = ("d_loss", "g_loss", "d_real", "d_fake", "real_sign")
    progress = ("d_loss", "g_loss")

    def discriminator_loss(
        self, real: torch.Tensor, real_labels: torch.Tensor | None, latent: Latent
    ) -> tuple[torch.Tensor, Stats]:
        return self._bce_terms(real, self.conditioning(real_labels), self.detached_fake(latent), latent.labels)

    def _bce_terms(
        self, real: torch.Tensor, real_labels: torch.Tensor | None, fake: torch.Tensor, fake_labels: torch.Tensor | None
    ) -> tuple[torch.Tensor, Stats]:
        """D's BCE on a real and a (detached) fake batch, with the statistics every BCE family logs."""
        real_logits = self.score(real, real_labels)
        fake_logits = self.score(fake, fake_labels)
        loss = losses.bce_discriminator(real_logits, fake_logits)
        return loss, {
            "d_real": torch.sigmoid(real_logits).mean().detach(),  # D's mean probability of "real"
            "d_fake": torch.sigmoid(fake_logits).mean().detach(),
            "real_sign": torch.sign(real_logits).mean().detach(),  # ADA's overfitting signal r_t
        }

    def generator_loss(self, latent: Latent) -> tuple[torch.Tensor, Stats]:
        loss = losses.bce_generator_nonsaturating(self.score(self.fake(latent), latent.labels))
        return loss, {}

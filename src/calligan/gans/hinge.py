"""The hinge GAN of SNGAN (Miyato et al. 2018) and BigGAN: a spectrally normalised ResNet D trained with
the hinge loss, G with -E[D(G(z))]; class-conditional through conditional batch norm and a projection D."""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
from torch import nn

from calligan import losses
from calligan.gans.family import Critic, GanFamily, Stats
from calligan.gans.latent import Latent
from calligan.nn.sngan import SnganDiscriminator, SnganGenerator

if TYPE_CHECKING:
    from calligan.gans.spec import ModelSpec


def sngan_generator(spec: ModelSpec) -> nn.Module:
    return SnganGenerator(input_dim=spec.generator_input_dim, num_classes=spec.label_count, width=spec.width,
                          channels=spec.channels, image_size=spec.image_size)


def sngan_discriminator(spec: ModelSpec) -> nn.Module:
    return SnganDiscriminator(num_classes=spec.label_count, width=spec.width, channels=spec.channels,
                              image_size=spec.image_size)


class HingeFamily(GanFamily):
    name = "hinge"
    archs = ("sngan",)
    takes_labels = True
    default_optimizer = {"name": "adam", "lr": 2e-4, "betas": (0.0, 0.9)}  # Miyato et al., table 1 (setting C)
    default_n_critic = 5  # ... with five D steps per G step
    statistics = ("d_loss", "g_loss", "critic_real", "critic_fake", "ada_r_t")
    progress = ("d_loss", "g_loss")

    @classmethod
    def build_generator(cls, spec: ModelSpec) -> nn.Module:
        return sngan_generator(spec)

    @classmethod
    def build_discriminator(cls, spec: ModelSpec) -> nn.Module:
        return sngan_discriminator(spec)

    def discriminator_loss(self, critic: Critic, *, real: torch.Tensor, real_labels: torch.Tensor | None,
                           fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        real_scores = critic(real, real_labels)
        fake_scores = critic(fake, latent.labels)
        loss = losses.hinge_discriminator(real_scores, fake_scores)
        return loss, {
            "critic_real": real_scores.mean().detach(),
            "critic_fake": fake_scores.mean().detach(),
            "ada_r_t": torch.sign(real_scores).mean().detach(),  # the hinge's boundary is a fixed 0
        }

    def generator_loss(self, critic: Critic, *, fake: torch.Tensor, latent: Latent) -> tuple[torch.Tensor, Stats]:
        return losses.wasserstein_generator(critic(fake, latent.labels)), {}

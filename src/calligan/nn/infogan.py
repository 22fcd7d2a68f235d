"""InfoGAN's discriminator: a DCGAN trunk, optionally a fully connected layer on it, shared by the
real/fake head and the Q head."""

from __future__ import annotations

import torch
from torch import nn

from calligan.nn.dcgan import LEAK, DCGANTrunk
from calligan.nn.heads import CodePrediction, QHead


class InfoDiscriminator(nn.Module):
    def __init__(self, *, width: int, channels: int, image_size: int, n_categorical: int, n_continuous: int,
                 hidden: int):
        """width/channels/image_size: as the DCGAN trunk; n_categorical/n_continuous: the codes Q predicts;
        hidden: units of the fully connected layer (BatchNorm, LeakyReLU) both heads read; 0: none."""
        super().__init__()
        self.trunk = DCGANTrunk(width=width, channels=channels, image_size=image_size, norm="batch")
        self.fully_connected = (nn.Sequential(nn.Linear(self.trunk.features, hidden, bias=False),
                                              nn.BatchNorm1d(hidden), nn.LeakyReLU(LEAK))
                                if hidden else nn.Identity())
        features = hidden or self.trunk.features
        self.head = nn.Linear(features, 1)
        # Q's hidden layer is as wide as D's second block (128 at width 64, as in Chen et al.'s MNIST net)
        self.q = QHead(features=features, hidden=2 * width, n_categorical=n_categorical, n_continuous=n_continuous)

    def forward(
        self, x: torch.Tensor, labels: torch.Tensor | None = None, *, with_q: bool = False
    ) -> torch.Tensor | tuple[torch.Tensor, CodePrediction]:
        """Logits [B]; with_q=True also returns Q's code prediction from the same trunk pass."""
        if labels is not None:
            raise ValueError("InfoGAN is unconditional: call its discriminator with labels=None")
        h = self.fully_connected(self.trunk(x))
        logits = self.head(h).squeeze(1)
        return (logits, self.q(h)) if with_q else logits

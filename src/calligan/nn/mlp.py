"""The original GAN's fully connected generator and discriminator (Goodfellow et al. 2014)."""

from __future__ import annotations

import torch
from torch import nn

from calligan.nn.conditioning import check_labels

_LEAK = 0.2  # LeakyReLU slope used throughout the GAN literature since DCGAN


def _stack(sizes: list[int], activation: type[nn.Module], **activation_kwargs) -> list[nn.Module]:
    layers: list[nn.Module] = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        layers += [nn.Linear(fan_in, fan_out), activation(**activation_kwargs)]
    return layers


class MLPGenerator(nn.Module):
    """z -> 4w -> 8w -> 16w -> C*S*S pixels in [-1, 1]; every hidden layer batch-normalised.

    Without the norms, N(0, 0.02) weights shrink the signal by about 0.02 * sqrt(fan_in) a layer, so the
    output starts near 0 (grey) and D wins before G finds the ink: on MNIST the unnormalised net
    collapsed to grey noise (README, "MNIST, the seed's own experiments"). BatchNorm fixes each layer's scale, as in
    DCGAN's generator.
    """

    def __init__(self, *, input_dim: int, width: int, channels: int, image_size: int):
        """input_dim: z size; width: sets the hidden sizes; channels/image_size: output image shape."""
        super().__init__()
        self.shape = (channels, image_size, image_size)
        hidden = [input_dim, 4 * width, 8 * width, 16 * width]
        layers: list[nn.Module] = []
        for fan_in, fan_out in zip(hidden, hidden[1:]):
            layers += [nn.Linear(fan_in, fan_out), nn.BatchNorm1d(fan_out), nn.ReLU()]
        self.net = nn.Sequential(*layers)
        self.to_image = nn.Linear(hidden[-1], channels * image_size**2)

    def forward(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        check_labels(labels, num_classes=0, batch=z.shape[0])
        return torch.tanh(self.to_image(self.net(z))).view(z.shape[0], *self.shape)


class MLPDiscriminator(nn.Module):
    """C*S*S pixels -> 8w -> 4w -> one logit; D's probability is sigmoid(logit)."""

    def __init__(self, *, width: int, channels: int, image_size: int):
        super().__init__()
        hidden = [channels * image_size**2, 8 * width, 4 * width]
        self.net = nn.Sequential(nn.Flatten(), *_stack(hidden, nn.LeakyReLU, negative_slope=_LEAK), nn.Linear(hidden[-1], 1))

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        check_labels(labels, num_classes=0, batch=x.shape[0])
        return self.net(x).squeeze(1)

"""Discriminator heads on a trunk's feature vector: projection (real/fake score) and InfoGAN's Q."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from calligan.nn.conditioning import check_labels


class ProjectionHead(nn.Module):
    """score = linear(h) + <embed(y), h> (Miyato & Koyama 2018); a plain linear score when num_classes=0."""

    def __init__(self, *, features: int, num_classes: int, bias: bool):
        """features: size of the trunk's feature vector h; num_classes: 0 for unconditional;
        bias: False for Wasserstein critics, where a constant offset cancels and never gets a gradient."""
        super().__init__()
        self.num_classes = num_classes
        self.linear = nn.Linear(features, 1, bias=bias)
        self.embed = nn.Embedding(num_classes, features) if num_classes else None

    def forward(self, h: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        check_labels(labels, num_classes=self.num_classes, batch=h.shape[0])
        score = self.linear(h).squeeze(1)
        if self.embed is not None:
            score = score + (self.embed(labels) * h).sum(dim=1)
        return score


@dataclass
class CodePrediction:
    categorical_logits: torch.Tensor | None   # [B, n_categorical], raw logits (cross-entropy applies softmax)
    continuous_mean: torch.Tensor | None      # [B, n_continuous], the mean of a unit-variance Gaussian


class QHead(nn.Module):
    """InfoGAN's Q: predicts the latent codes from the discriminator trunk's features (Chen et al., C.1)."""

    def __init__(self, *, features: int, hidden: int, n_categorical: int, n_continuous: int):
        """features: trunk feature size; hidden: Q's own layer; n_categorical/n_continuous: code sizes."""
        super().__init__()
        self.n_categorical, self.n_continuous = n_categorical, n_continuous
        self.body = nn.Sequential(nn.Linear(features, hidden), nn.BatchNorm1d(hidden), nn.LeakyReLU(0.2))
        self.out = nn.Linear(hidden, n_categorical + n_continuous)

    def forward(self, h: torch.Tensor) -> CodePrediction:
        logits, mean = self.out(self.body(h)).split([self.n_categorical, self.n_continuous], dim=1)
        return CodePrediction(categorical_logits=logits if self.n_categorical else None,
                              continuous_mean=mean if self.n_continuous else None)

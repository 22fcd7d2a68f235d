"""Real batches from an in-memory uint8 image tensor, in a seeded order that a checkpoint can resume.

Each epoch is a permutation drawn from (seed, epoch) alone, so the order needs no state beyond the
epoch and the position inside it. With several processes every global batch is split by rank, so
N processes see exactly the images one process would have seen.
"""

from __future__ import annotations

import numpy as np
import torch

from calligan.data.dataset import to_unit_range
from calligan.errors import CalliganError


class BatchStream:
    def __init__(self, images: torch.Tensor, labels: torch.Tensor, *, batch_size: int, seed: int,
                 rank: int = 0, world_size: int = 1) -> None:
        """images: uint8 [N, S, S] (ink bright), on the training device; labels: int64 [N].

        batch_size: images per global batch, split evenly over `world_size` processes.
        seed: the run's seed; with the epoch number it fixes each epoch's permutation.
        """
        if batch_size % world_size:
            raise CalliganError(f"train.batch_size={batch_size} does not split over {world_size} processes; "
                                f"use a multiple of {world_size}")
        if batch_size > len(images):
            raise CalliganError(f"train.batch_size={batch_size} exceeds the {len(images)} training images; "
                                "lower train.batch_size")
        self.images, self.labels = images, labels
        self.batch_size, self.seed = batch_size, seed
        self.rank, self.world_size = rank, world_size
        self.epoch, self.position = 0, 0
        self._order = self._permutation()

    def _permutation(self) -> torch.Tensor:
        # SeedSequence mixes (seed, epoch) into independent streams; seed + epoch would collide.
        entropy = int(np.random.SeedSequence([self.seed, self.epoch]).generate_state(1, np.uint64)[0])
        generator = torch.Generator().manual_seed(entropy)
        return torch.randperm(len(self.images), generator=generator).to(self.images.device)

    def next(self) -> tuple[torch.Tensor, torch.Tensor]:
        """This process's share of the next global batch: float [b, 1, S, S] in [-1, 1], labels [b]."""
        if self.position + self.batch_size > len(self._order):
            self.epoch, self.position = self.epoch + 1, 0
            self._order = self._permutation()
        share = self.batch_size // self.world_size
        start = self.position + self.rank * share
        index = self._order[start:start + share]
        self.position += self.batch_size
        real = to_unit_range(self.images[index])
        return real, self.labels[index]

    def state_dict(self) -> dict:
        return {"epoch": self.epoch, "position": self.position}

    def load_state_dict(self, state: dict) -> None:
        self.epoch, self.position = int(state["epoch"]), int(state["position"])
        self._order = self._permutation()

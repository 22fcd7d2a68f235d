"""Draw images from a trained generator in batches: per-image seeds, balanced classes, uint8 out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from calligan.data.dataset import to_uint8
from calligan.gans.family import GanFamily
from calligan.gans.latent import Latent
from calligan.generate.balance import balanced_labels


@dataclass(frozen=True)
class Samples:
    images: np.ndarray  # uint8 (N, S, S), ink bright (255) on dark (0)
    labels: np.ndarray | None  # int64 (N,): the intended class of a conditional model, else None
    codes: np.ndarray | None  # int64 (N,): InfoGAN's categorical code (unsupervised: not a class), else None
    seeds: np.ndarray  # int64 (N,): image i is redrawn by sampling one latent from seeds[i]


def _latents(family: GanFamily, *, seeds: np.ndarray, labels: np.ndarray | None) -> Latent:
    """One latent per seed, each from its own CPU stream, stacked into a batch."""
    parts = [
        family.sample_latent(
            1,
            generator=torch.Generator().manual_seed(int(seed)),
            labels=None if labels is None else torch.from_numpy(labels[i : i + 1]),
        )
        for i, seed in enumerate(seeds)
    ]

    def stack(name: str) -> torch.Tensor | None:
        values = [getattr(part, name) for part in parts]
        return None if values[0] is None else torch.cat(values)

    return Latent(
        z=stack("z"), labels=stack("labels"), categorical=stack("categorical"), continuous=stack("continuous")
    )


@torch.inference_mode()
def sample_images(
    generator: nn.Module,
    family: GanFamily,
    *,
    seeds: np.ndarray,
    batch_size: int,
    device: torch.device,
    progress: bool = True,
) -> Samples:
    """generator: G in eval mode on `device`; family: supplies the latent distribution (its own G unused);
    seeds: one per image (`image_seeds`); batch_size: images per forward pass; progress: tqdm bar.
    """
    spec = family.spec
    classes = balanced_labels(count=len(seeds), num_classes=spec.num_classes) if spec.conditional else None
    images, codes = [], []
    for start in tqdm(range(0, len(seeds), batch_size), desc="generate", unit="batch", disable=not progress):
        batch = slice(start, start + batch_size)
        latent = _latents(family, seeds=seeds[batch], labels=None if classes is None else classes[batch])
        labels = None if latent.labels is None else latent.labels.to(device)
        images.append(to_uint8(generator(latent.z.to(device), labels)).cpu().numpy())
        if latent.categorical is not None:
            codes.append(latent.categorical.numpy().astype(np.int64))
    return Samples(images=np.concatenate(images), labels=classes, codes=np.concatenate(codes) if codes else None,
                   seeds=seeds)

"""Draw images from a trained generator in batches: per-image seeds, balanced classes, truncated noise,
uint8 out."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from calligan.data.tensors import to_uint8
from calligan.gans.latent import Latent, balanced_labels, sample_latent
from calligan.gans.spec import ModelSpec
from calligan.gans.standing import STANDING_BATCHES, STANDING_BATCH_SIZE, standing_statistics


def image_seeds(*, seed: int, count: int) -> np.ndarray:
    """int64 (count,) non-negative seeds mixed from the run's seed by SeedSequence: one per image, so any
    image can be redrawn alone, whatever the batch size or device.

    Mixing (not seed + index) keeps the sets of two runs apart: run 0's second image is not run 1's
    first. 63 bits fit int64 and make a repeat within 10,000 images vanishingly unlikely.
    """
    words = np.random.SeedSequence(seed).generate_state(count, dtype=np.uint64)
    return (words >> np.uint64(1)).astype(np.int64)


def truncate(noise: torch.Tensor, *, psi: float, rng: torch.Generator) -> torch.Tensor:
    """The truncation trick (Brock et al. 2019, BigGAN): a copy of N(0, 1) `noise` whose components with
    |z| > psi are redrawn from N(0, 1) until inside.

    Redrawing (rather than clipping to +-psi) keeps every component a truncated standard normal, with
    no mass piled up at the bounds. rng: the stream the redraws come from (the image's own, so
    an image stays a function of its seed); psi: the bound, > 0 (lower: fewer, more typical images).
    """
    if psi <= 0:
        raise ValueError(f"psi must be positive, got {psi}")
    out = noise.clone()
    outside = out.abs() > psi
    while outside.any():
        out[outside] = torch.randn(int(outside.sum()), generator=rng, dtype=out.dtype, device=out.device)
        outside = out.abs() > psi
    return out


@dataclass(frozen=True)
class Samples:
    images: np.ndarray  # uint8 (N, S, S), ink bright (255) on dark (0)
    labels: np.ndarray | None  # int64 (N,): the intended class of a conditional model, else None
    codes: np.ndarray | None  # int64 (N,): InfoGAN's categorical code (unsupervised: not a class), else None
    seeds: np.ndarray  # int64 (N,): image i is redrawn by sampling one latent from seeds[i] (and labels[i])

    def take(self, indices: np.ndarray) -> Samples:
        """The images at `indices` (int, in that order), each with its own label, code and seed."""
        def pick(values: np.ndarray | None) -> np.ndarray | None:
            return None if values is None else values[indices]

        return Samples(images=self.images[indices], labels=pick(self.labels), codes=pick(self.codes),
                       seeds=self.seeds[indices])


def _truncated(spec: ModelSpec, latent: Latent, *, psi: float, stream: torch.Generator) -> Latent:
    # Only the noise is truncated: InfoGAN's codes after it in z keep their own distributions.
    noise_dim = spec.latent_dim
    noise = truncate(latent.z[:, :noise_dim], psi=psi, rng=stream)
    return replace(latent, z=torch.cat([noise, latent.z[:, noise_dim:]], dim=1))


def _latent(spec: ModelSpec, *, seed: int, label: np.ndarray | None, truncation: float) -> Latent:
    stream = torch.Generator().manual_seed(seed)
    latent = sample_latent(spec, 1, rng=stream, labels=None if label is None else torch.from_numpy(label))
    return _truncated(spec, latent, psi=truncation, stream=stream) if truncation else latent


def image_latents(spec: ModelSpec, *, seeds: np.ndarray, labels: np.ndarray | None, truncation: float) -> Latent:
    """One latent per seed, each from its own CPU stream (truncation included), stacked into a batch.

    labels: each seed's intended class (int64, as many as seeds) for a conditional model, else None;
    truncation: psi of the truncated noise (`truncate`), 0 = plain N(0, 1).
    """
    parts = [
        _latent(spec, seed=int(seed), label=None if labels is None else labels[i : i + 1], truncation=truncation)
        for i, seed in enumerate(seeds)
    ]

    def stack(name: str) -> torch.Tensor | None:
        values = [getattr(part, name) for part in parts]
        return None if values[0] is None else torch.cat(values)

    return Latent(
        z=stack("z"), labels=stack("labels"), categorical=stack("categorical"), continuous=stack("continuous")
    )


# The settling latents' stream. It is not derived from generate.seed, so the statistics depend on G
# and psi alone and an image is redrawn from its seed, label and psi whatever the run's seed was.
# Image streams are seeded by 63-bit hashes (`image_seeds`): one being 0 is too unlikely to matter.
SETTLE_SEED = 0


def settle_at_truncation(generator: nn.Module, spec: ModelSpec, *, psi: float, device: torch.device) -> None:
    """Re-measure G's BatchNorm statistics on noise truncated at `psi` (> 0), in place; G ends in eval mode.

    Train measured them on N(0, 1) noise. Truncated noise has less variance, so under those statistics
    its activations come out of every BatchNorm shrunk and the images fade. The latents are fixed
    (SETTLE_SEED), class-balanced for a conditional model, and keep InfoGAN's codes as `_latent` does.
    generator: G on `device`, as `sample_images` then draws from it.
    """
    count = STANDING_BATCHES * STANDING_BATCH_SIZE
    stream = torch.Generator().manual_seed(SETTLE_SEED)
    labels = torch.from_numpy(balanced_labels(count=count, num_classes=spec.num_classes)) if spec.conditional else None
    latent = _truncated(spec, sample_latent(spec, count, rng=stream, labels=labels), psi=psi, stream=stream)
    standing_statistics(generator, latent=replace(latent, z=latent.z.to(device),
                                                  labels=None if latent.labels is None else latent.labels.to(device)))


@torch.inference_mode()
def sample_images(
    generator: nn.Module,
    spec: ModelSpec,
    *,
    seeds: np.ndarray,
    batch_size: int,
    device: torch.device,
    truncation: float = 0.0,
    progress: bool = True,
) -> Samples:
    """generator: G in eval mode on `device`, settled at `truncation` when it is > 0 (`settle_at_truncation`);
    spec: its ModelSpec (the latent layout to sample); seeds: one per image (`image_seeds`); batch_size: images
    per forward pass; truncation: see `image_latents`; progress: tqdm bar.
    """
    classes = balanced_labels(count=len(seeds), num_classes=spec.num_classes) if spec.conditional else None
    images, codes = [], []
    for start in tqdm(range(0, len(seeds), batch_size), desc="generate", unit="batch", disable=not progress):
        batch = slice(start, start + batch_size)
        latent = image_latents(spec, seeds=seeds[batch], labels=None if classes is None else classes[batch],
                               truncation=truncation)
        labels = None if latent.labels is None else latent.labels.to(device)
        images.append(to_uint8(generator(latent.z.to(device), labels)).cpu().numpy())
        if latent.categorical is not None:
            codes.append(latent.categorical.numpy().astype(np.int64))
    return Samples(images=np.concatenate(images), labels=classes, codes=np.concatenate(codes) if codes else None,
                   seeds=seeds)

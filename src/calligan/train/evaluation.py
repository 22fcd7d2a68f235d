"""Scores of the EMA generator while it trains: FID at the training size and the real-data classifier's
accuracy on the intended labels, on fixed latents so that two evaluations differ only by the weights.

The real side is a fixed, seeded subsample of the held-out images (the training images where prepare
held none out) whose Inception features are cached on disk (a resumed run does not pay for them again). With a few hundred images the FID is biased high
(it falls as N grows), so compare it only with FIDs at the same N: it ranks snapshots of one run and
runs of one sweep, and the evaluate stage gives the figure to quote.

Where the Inception network cannot be had (pytorch-fid not installed, as on a bare GPU machine, or
no FID weights), the run goes on with the classifier's accuracy alone and says so once; without FID
there is no best snapshot, so generator_best.pt is the last EMA generator.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from calligan.classifier.checkpoint import load_classifier
from calligan.classifier.fit import predict_proba
from calligan.data.tensors import to_uint8
from calligan.errors import CalliganError
from calligan.gans.latent import Latent, balanced_labels
from calligan.train.runtime import Runtime


@dataclass(frozen=True)
class Evaluation:
    fid: float | None  # FID of `count` generated vs `count` real images, at the training size; None: not scored
    conditional_accuracy: float | None  # share of generated images the classifier assigns their intended class
    # (evaluate's conditional_accuracy); None: not scored
    count: int  # images on each side


def fixed_latent(family, *, count: int, seed: int, device: torch.device) -> Latent:
    """`count` latents from their own seeded stream; a conditional model's labels cycle through the
    classes, so every class is drawn equally often (and every prefix is balanced)."""
    rng = torch.Generator().manual_seed(seed)
    labels = (torch.from_numpy(balanced_labels(count=count, num_classes=family.spec.num_classes))
              if family.spec.conditional else None)
    latent = family.sample_latent(count, rng=rng, device="cpu", labels=labels)
    return Latent(**{name: None if value is None else value.to(device) for name, value in vars(latent).items()})


def _fid_scorer(real_images: np.ndarray, *, count: int, seed: int, device: torch.device, cache_dir: Path):
    """(fakes -> FID against `count` of `real_images`, None), or (None, why FID is not scored).

    real_images: uint8 [N, S, S]; seed: fixes which `count` of them; cache_dir: where their features persist.
    """
    # calligan.metrics.features and .fid build on pytorch-fid: without it they cannot be imported.
    try:
        from calligan.metrics.features import InceptionFeatures
        from calligan.metrics.fid import frechet_inception_distance
        from calligan.metrics.stats import cached_real_features, subsample
    except ImportError as exc:
        return None, f"FID not scored ({exc}; install pytorch-fid): the best snapshot is the last one"
    try:
        features = InceptionFeatures(device=str(device), progress=False)
    except CalliganError as exc:
        return None, f"FID not scored ({exc}): the best snapshot is the last one"
    real = subsample(real_images, count=count, seed=seed)
    _, real_stats = cached_real_features(real, extract=features, cache_dir=cache_dir)

    def fid(fakes: np.ndarray) -> float:
        return frechet_inception_distance(fakes, real_stats, extract=features, what=("generated images", "real images"))

    return fid, None


class TrainingEvaluator:
    def __init__(self, family, *, real_images: np.ndarray, count: int, seed: int, classifier: str | None,
                 runtime: Runtime, cache_dir: str | os.PathLike, batch_size: int = 100):
        """family: the run's GanFamily (its latent distribution); real_images: uint8 [N, S, S] real
        images, held out from training where there are any; count: images per side; seed: fixes the
        latents and the real subsample; classifier: the classifier stage's model file, scored only for a
        conditional model and only if it exists; runtime: where G runs; cache_dir: where the real features persist; batch_size: per forward pass."""
        self.runtime, self.batch_size, self.count = runtime, batch_size, count
        self.latent = fixed_latent(family, count=count, seed=seed, device=runtime.device)
        self.classifier = None
        self.skipped = None  # why accuracy is not scored, for the log
        # Building networks draws initial weights from the global RNG, which the run's checkpoint
        # carries: the evaluator must not move it, or a resumed run (which builds it again) would drift.
        with torch.random.fork_rng(devices=[]):
            # fakes -> FID, or None and the reason, for the log
            self.fid, self.fid_skipped = _fid_scorer(real_images, count=count, seed=seed, device=runtime.device,
                                                     cache_dir=Path(cache_dir))
            if not family.spec.conditional:
                self.skipped = "accuracy is scored for conditional models only"
            elif classifier is None or not Path(classifier).is_file():
                self.skipped = f"no classifier at {classifier} (run `calligan classifier`): accuracy not scored"
            else:
                self.classifier, _ = load_classifier(classifier, device=str(runtime.device))

    @torch.no_grad()
    def images(self, generator: nn.Module) -> np.ndarray:
        """uint8 [count, S, S] drawn from `generator` (eval mode) on the fixed latents."""
        parts = []
        for start in range(0, self.count, self.batch_size):
            z = self.latent.z[start:start + self.batch_size]
            labels = None if self.latent.labels is None else self.latent.labels[start:start + self.batch_size]
            with self.runtime.autocast():
                parts.append(to_uint8(generator(z, labels).float()).cpu())
        return torch.cat(parts).numpy()

    def __call__(self, generator: nn.Module) -> Evaluation:
        fakes = self.images(generator)
        fid = None if self.fid is None else self.fid(fakes)
        accuracy = None
        if self.classifier is not None:
            predicted = predict_proba(self.classifier, fakes).argmax(axis=1)
            accuracy = float((predicted == self.latent.labels.cpu().numpy()).mean())
        return Evaluation(fid=fid, conditional_accuracy=accuracy, count=self.count)

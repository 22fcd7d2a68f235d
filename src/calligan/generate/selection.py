"""Rank an oversampled set and keep the best (rejection sampling by rank, per class), for `generate.select`.

The trained critic or the real-data classifier scores the images as the generator drew them (its own
size, uint8), which is what the critic saw during training and what the classifier learned. The critic
comes from the training checkpoint, so the generator files stay as small as they are without selection
and the train stage ships nothing extra for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from torch import nn

from calligan.classifier.checkpoint import load_classifier
from calligan.classifier.fit import predict_proba
from calligan.config.generate import GenerateParams
from calligan.data.tensors import to_unit_range
from calligan.errors import CalliganError
from calligan.gans.registry import family_class
from calligan.gans.latent import balanced_labels
from calligan.gans.spec import ModelSpec
from calligan.generate.sampling import Samples
from calligan.io.torch_files import safe_load

Scorer = Callable[[Samples], np.ndarray]  # samples -> float (N,) scores, higher is better


def load_critic(path: str | Path, *, spec: ModelSpec, device: torch.device) -> nn.Module:
    """The discriminator/critic saved in the training checkpoint at `path`, for the model `spec`, in eval mode."""
    if not Path(path).is_file():
        raise CalliganError(f"{path}: no training checkpoint, so no critic for generate.select=critic; run "
                            "`calligan train` (it writes models/checkpoint.pt), set generate.critic to the run's "
                            "checkpoint.pt, or use generate.select=classifier or none")
    checkpoint = safe_load(path, map_location="cpu",
                           what="the training checkpoint (rerun `calligan train` or set generate.critic)")
    if checkpoint.get("spec") != dataclasses.asdict(spec):
        raise CalliganError(f"{path}: the checkpoint's critic was trained with another model than the generator; "
                            "set generate.critic to the checkpoint.pt of the run that wrote generate.generator_file")
    critic = family_class(spec.family).build_discriminator(spec)
    critic.load_state_dict(checkpoint["networks"]["discriminator"])
    return critic.to(device).eval()


@torch.inference_mode()
def critic_scores(critic: nn.Module, samples: Samples, *, batch_size: int, device: torch.device) -> np.ndarray:
    """D's raw score of each image (with its intended label), without the training augmentation."""
    scores = []
    for start in range(0, len(samples.images), batch_size):
        images = to_unit_range(samples.images[start : start + batch_size]).to(device)
        labels = None if samples.labels is None else torch.from_numpy(samples.labels[start : start + batch_size])
        scores.append(critic(images, None if labels is None else labels.to(device)).float().reshape(-1).cpu())
    return torch.cat(scores).numpy()


def intended_class_confidence(classifier: nn.Module, samples: Samples) -> np.ndarray:
    """The classifier's probability of each image's intended class."""
    probs = predict_proba(classifier, samples.images)
    return probs[np.arange(len(probs)), samples.labels]


def load_scorer(params: GenerateParams, *, spec: ModelSpec, device: torch.device) -> Scorer | None:
    """The scorer `params.select` asks for, with every file it needs loaded and checked; None for none."""
    if params.select == "critic":
        critic = load_critic(params.critic, spec=spec, device=device)
        return lambda samples: critic_scores(critic, samples, batch_size=params.batch_size, device=device)
    if params.select == "classifier":
        if not spec.conditional:
            raise CalliganError(f"generate.select=classifier ranks images by the classifier's confidence in their "
                                f"intended class, but {params.generator_file} is an unconditional {spec.family} model; "
                                "use generate.select=critic, or train with train.conditional=true")
        if not Path(params.classifier).is_file():
            raise CalliganError(f"{params.classifier}: classifier not found for generate.select=classifier; run "
                                "`calligan classifier` or set generate.classifier")
        classifier, payload = load_classifier(params.classifier, device=str(device))
        if len(payload["classes"]) != spec.num_classes:
            raise CalliganError(f"{params.classifier} knows {len(payload['classes'])} classes but the generator "
                                f"draws {spec.num_classes}; retrain the classifier on the generator's dataset")
        return lambda samples: intended_class_confidence(classifier, samples)
    return None


def _best(scores: np.ndarray, pool: np.ndarray, *, count: int) -> np.ndarray:
    """The `count` best of the candidates `pool`, back in draw order.

    A stable sort of the negated scores breaks ties towards the earlier draw and ranks NaN last, so
    the choice depends on the scores alone and a broken score never wins a place.
    """
    if len(pool) < count:
        raise ValueError(f"cannot keep {count} of {len(pool)} candidates")
    return np.sort(pool[np.argsort(-scores[pool], kind="stable")[:count]])


def select_best(scores: np.ndarray, *, labels: np.ndarray | None, count: int, num_classes: int) -> np.ndarray:
    """Indices (int64, `count`, all distinct) of the candidates to keep: higher score is better.

    scores: float (M,), one per drawn candidate; labels: int (M,) intended classes of a conditional
    model (`balanced_labels` over the M candidates), or None: the best `count` overall, in draw order.
    With labels every class keeps as many images as an unselected set of `count` would hold, chosen
    among its own candidates only (a critic's or classifier's scores are not comparable across
    classes), and the kept images are ordered so that their labels cycle 0, 1, ... as
    `balanced_labels(count)` does: every prefix stays balanced.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if labels is None:
        return _best(scores, np.arange(len(scores)), count=count)
    wanted = balanced_labels(count=count, num_classes=num_classes)
    kept = np.empty(count, dtype=np.int64)
    for label in range(num_classes):
        slots = np.flatnonzero(wanted == label)
        kept[slots] = _best(scores, np.flatnonzero(labels == label), count=len(slots))
    return kept

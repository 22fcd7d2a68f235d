"""Train the small CNN (seeded, deterministic on CPU) and read its predictions."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from calligan.classifier.net import SmallCNN


@dataclass(frozen=True)
class FitRecipe:
    """Everything that decides which classifier a fit produces, besides the data."""

    width: int  # channels of the first conv block
    input_size: int  # side the images are resized to inside the network
    epochs: int  # passes over the training images (fixes the number of optimiser steps)
    batch_size: int  # images per optimiser step
    lr: float  # peak AdamW learning rate of the one-cycle schedule
    weight_decay: float  # AdamW decoupled weight decay
    seed: int  # initial weights, batch order and dropout


def steps_for(*, n_images: int, epochs: int, batch_size: int) -> int:
    """Optimiser steps for `epochs` passes over `n_images` (at least one)."""
    return max(1, math.ceil(epochs * n_images / batch_size))


def fit_classifier(
    *,
    images: np.ndarray,
    labels: np.ndarray,
    n_classes: int,
    recipe: FitRecipe,
    steps: int | None = None,
    device: str = "cpu",
    progress: bool = False,
    augment: Callable[[torch.Tensor], torch.Tensor] | None = None,
) -> SmallCNN:
    """A SmallCNN trained on uint8 `images` (N,H,W) and int `labels`, in eval mode on `device`.

    steps: optimiser steps; None means `recipe.epochs` passes over `images`. Two fits with the same
    recipe start from the same weights, so arms that differ only in data can be compared.
    progress: show a tqdm bar (the CLI does; library callers and tests do not).
    augment: applied to every training batch, uint8 (B,H,W) on the CPU, before the network (the
    augmentation study's classic arms); it must keep shape, dtype and order, and should draw from an
    RNG of its own so that the batch order and dropout stay those of a fit without it.
    """
    if len(images) == 0:
        raise ValueError("cannot fit a classifier on zero images")
    total = steps or steps_for(n_images=len(images), epochs=recipe.epochs, batch_size=recipe.batch_size)
    batch = min(recipe.batch_size, len(images))
    x_all = torch.from_numpy(np.ascontiguousarray(images))
    y_all = torch.from_numpy(np.asarray(labels, dtype=np.int64))
    # fork_rng: seeding here must not move the caller's global torch RNG.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(recipe.seed)
        model = SmallCNN(n_classes=n_classes, width=recipe.width, input_size=recipe.input_size).to(device)
        optimizer = torch.optim.AdamW(model.parameters(), lr=recipe.lr, weight_decay=recipe.weight_decay)
        schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=recipe.lr, total_steps=total)
        order = torch.Generator().manual_seed(recipe.seed)
        model.train()
        queue = torch.zeros(0, dtype=torch.int64)
        for _ in tqdm(range(total), desc="classifier", disable=not progress, leave=False):
            if len(queue) < batch:
                queue = torch.cat([queue, torch.randperm(len(images), generator=order)])
            idx, queue = queue[:batch], queue[batch:]
            x = x_all[idx] if augment is None else augment(x_all[idx])
            loss = F.cross_entropy(model(x.to(device)), y_all[idx].to(device))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
    return model.eval()


@torch.no_grad()
def predict_proba(model: SmallCNN, images: np.ndarray, *, batch_size: int = 512) -> np.ndarray:
    """Softmax class probabilities (N, K) as float32 for uint8 `images` (N,H,W)."""
    model.eval()
    device = next(model.parameters()).device
    out = [
        F.softmax(model(torch.from_numpy(np.ascontiguousarray(images[i : i + batch_size])).to(device)), dim=1).cpu()
        for i in range(0, len(images), batch_size)
    ]
    n_classes = model.head[-1].out_features
    return torch.cat(out).numpy() if out else np.zeros((0, n_classes), dtype=np.float32)


def accuracy(model: SmallCNN, images: np.ndarray, labels: np.ndarray) -> float:
    """Share of `images` whose most probable class is their label."""
    if len(images) == 0:
        raise ValueError("accuracy of zero images is undefined")
    return float((predict_proba(model, images).argmax(axis=1) == np.asarray(labels)).mean())

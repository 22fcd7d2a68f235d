"""Real cccr images, tiny saved generators, critics and classifiers for the generate tests."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from calligan.classifier.checkpoint import save_classifier
from calligan.classifier.fit import FitRecipe
from calligan.classifier.net import SmallCNN
from calligan.gans.registry import build_family, build_generator
from calligan.gans.spec import ModelSpec
from calligan.io.npz import save_npz
from calligan.gans.generator_file import save_generator
from calligan.train.state import save_checkpoint


def _cccr(shared_data: Path, split: str, count: int) -> np.ndarray:
    """The first `count` images of a cccr split, uint8 (count, 128, 128), ink bright on dark."""
    with zipfile.ZipFile(shared_data / "cccr-calligraphy.zip") as archive:
        names = [n for n in archive.namelist() if n.startswith(f"{split}/") and n.endswith(".png")][:count]
        return np.stack([cv2.imdecode(np.frombuffer(archive.read(n), np.uint8), cv2.IMREAD_GRAYSCALE) for n in names])


@pytest.fixture(scope="session")
def real_binary(shared_data: Path) -> np.ndarray:
    """validation/ images: strictly two-valued 0/255."""
    return _cccr(shared_data, "validation", 64)


@pytest.fixture(scope="session")
def real_gray_edged(shared_data: Path) -> np.ndarray:
    """train/ images: many carry gray anti-aliased edges."""
    return _cccr(shared_data, "train", 64)


@pytest.fixture
def reference_npz(tmp_path: Path, real_binary: np.ndarray):
    """Write the real images resized to `size` as a prepare-style reference .npz; returns its path."""

    def write(size: int) -> Path:
        images = np.stack([cv2.resize(im, (size, size), interpolation=cv2.INTER_AREA) for im in real_binary])
        path = tmp_path / f"reference_{size}.npz"
        save_npz(path, {"images": images})
        return path

    return write


@pytest.fixture
def generator_file(tmp_path: Path):
    """Save an untrained width-8 generator (fixed weights) built from ModelSpec(**spec); returns the path."""

    def write(**spec) -> Path:
        spec = ModelSpec(**{"width": 8, "latent_dim": 16, **spec})
        torch.manual_seed(0)
        path = tmp_path / f"generator_{spec.family}_{spec.image_size}.pt"
        save_generator(path, generator=build_generator(spec), spec=spec)
        return path

    return write


@pytest.fixture
def critic_pair(tmp_path: Path):
    """A width-8 model's generator file and a training-style checkpoint holding its G and D (fixed
    weights) built from ModelSpec(**spec); returns (generator path, checkpoint path, family)."""

    def write(**spec):
        spec = ModelSpec(**{"width": 8, "latent_dim": 16, **spec})
        torch.manual_seed(0)
        family = build_family(spec)
        generator, checkpoint = tmp_path / "generator.pt", tmp_path / "checkpoint.pt"
        save_generator(generator, generator=family.generator, spec=spec)
        networks = {"generator": family.generator.state_dict(), "discriminator": family.discriminator.state_dict()}
        save_checkpoint(checkpoint, {"spec": dataclasses.asdict(spec), "networks": networks})
        family.generator.eval()
        family.discriminator.eval()
        return generator, checkpoint, family

    return write


@pytest.fixture
def classifier_file(tmp_path: Path):
    """Save an untrained width-4 classifier (fixed weights) over `n_classes`; returns the path."""

    def write(n_classes: int) -> Path:
        torch.manual_seed(0)
        model = SmallCNN(n_classes=n_classes, width=4, input_size=16)
        recipe = FitRecipe(width=4, input_size=16, epochs=1, batch_size=8, lr=1e-3, weight_decay=0.0, seed=0)
        labels = np.arange(4 * n_classes) % n_classes
        path = tmp_path / f"classifier_{n_classes}.pt"
        save_classifier(path, model=model, recipe=recipe, classes=[f"c{i}" for i in range(n_classes)],
                        test_indices=np.arange(n_classes), test_fraction=0.25, labels=labels)
        return path

    return write

"""Real cccr images and tiny saved generators for the generate tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from calligan.gans.spec import ModelSpec
from calligan.io.npz import save_npz
from calligan.gans.generator_file import save_generator
from calligan.gans.registry import build_generator


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

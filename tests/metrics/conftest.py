"""Fixtures for the metrics tests: no network, converted FID weights once per session, toy features."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from calligan.metrics.features import InceptionFeatures


def _refuse(*args, **kwargs):
    raise AssertionError("a metrics test tried to open a network connection")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything here must run offline: any connection attempt fails the test."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)


@pytest.fixture(scope="session")
def inception(fid_weights: Path) -> InceptionFeatures:
    return InceptionFeatures(weights=fid_weights, device="cpu", batch_size=1, progress=False)


class ToyFeatures:
    """A stand-in feature extractor: flattened pixel block means, counted so tests see every call."""

    model_id = "toy-block-means"

    def __init__(self):
        self.calls = 0

    def __call__(self, images: np.ndarray) -> np.ndarray:
        self.calls += 1
        n, h, w = images.shape
        return images.reshape(n, 4, h // 4, 4, w // 4).mean(axis=(2, 4)).reshape(n, 16).astype(np.float64)


@pytest.fixture
def toy_features() -> ToyFeatures:
    return ToyFeatures()


def _random_strokes(count: int, *, size: int = 16, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.where(rng.random((count, size, size)) < 0.3, 255, 0).astype(np.uint8)


@pytest.fixture
def strokes():
    """strokes(count, size=16, seed=0): uint8 binary noise (ink 255 on 0), calligraphy's two pixel values."""
    return _random_strokes

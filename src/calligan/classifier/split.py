"""Deterministic, stratified hold-out split of the real images, and per-class subsets of k images."""

from __future__ import annotations

import hashlib

import numpy as np


def stratified_split(labels: np.ndarray, *, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted (train_indices, test_indices): round(test_fraction * n_c) of every class c set aside for testing.

    test_fraction: share of each class set aside for testing; seed: which images are set aside.
    A class with a single image keeps it for training, so every class can still be learned.
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    rng = np.random.default_rng(seed)
    test: list[np.ndarray] = []
    for cls in np.unique(labels):
        members = np.flatnonzero(labels == cls)
        n_test = min(len(members) - 1, max(1, round(test_fraction * len(members))))
        test.append(rng.permutation(members)[:n_test])
    test_idx = np.sort(np.concatenate(test)) if test else np.zeros(0, dtype=np.int64)
    train_idx = np.setdiff1d(np.arange(len(labels)), test_idx)
    return train_idx.astype(np.int64), test_idx.astype(np.int64)


def per_class_subset(labels: np.ndarray, *, k: int, seed: int) -> np.ndarray:
    """Sorted indices of up to `k` images of every class present in `labels`, drawn with `seed`."""
    rng = np.random.default_rng(seed)
    picked = [rng.permutation(np.flatnonzero(labels == cls))[:k] for cls in np.unique(labels)]
    return np.sort(np.concatenate(picked)).astype(np.int64) if picked else np.zeros(0, dtype=np.int64)


def labels_fingerprint(labels: np.ndarray) -> str:
    """SHA-1 of the label array: tells whether a recorded split still indexes the same dataset."""
    return hashlib.sha1(np.ascontiguousarray(labels, dtype=np.int64).tobytes()).hexdigest()

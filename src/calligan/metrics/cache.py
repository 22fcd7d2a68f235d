"""Real-data Inception features kept on disk, keyed by what they depend on, so re-scoring skips them.

The key is the real images' content hash, their shape (image size) and the feature model id; a
changed dataset, resolution or network gives a new file instead of a stale answer. Each file also
holds `mu` and `sigma`, so it doubles as a pytorch-fid statistics file (`python -m pytorch_fid A.npz B`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from calligan.io.npz import save_npz
from calligan.metrics.stats import FeatureStats, feature_stats


def cache_key(images: np.ndarray, *, model_id: str) -> str:
    """images: the exact uint8 array that would be scored; model_id: the feature extractor's id."""
    digest = hashlib.sha256()
    digest.update(f"{model_id}|{images.dtype}|{images.shape}|".encode())
    digest.update(np.ascontiguousarray(images).data)
    return digest.hexdigest()


def cached_real_features(
    images: np.ndarray,
    *,
    extract: Callable[[np.ndarray], np.ndarray],  # images -> (N, D) features; has a `model_id` attribute
    cache_dir: str | Path | None,  # where feature files persist; None = always recompute
) -> tuple[np.ndarray, FeatureStats]:
    """(features, their Gaussian statistics) of the real images, from the cache when present."""
    if cache_dir is None:
        features = extract(images)
        return features, feature_stats(features, what="real images")
    path = Path(cache_dir) / f"real-features-{cache_key(images, model_id=extract.model_id)[:32]}.npz"
    if path.is_file():
        with np.load(path) as stored:
            features = stored["features"].astype(np.float64)
            stats = FeatureStats(mu=stored["mu"], sigma=stored["sigma"], count=int(stored["count"][0]))
        return features, stats
    features = extract(images)
    stats = feature_stats(features, what="real images")
    # The network computes in float32, so float32 storage loses nothing and halves the file.
    arrays = {"features": features.astype(np.float32), "mu": stats.mu, "sigma": stats.sigma}
    save_npz(path, arrays | {"count": np.array([stats.count], dtype=np.int64)})
    return features, stats

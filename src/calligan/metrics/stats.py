"""The samples the metrics score and their statistics: input checks, seeded subsamples, the Gaussian of a
feature set, and the real images' features kept on disk. Plain NumPy: `calligan --help` imports it.

Each check failure is one CalliganError line saying what to change. Subsamples are seeded so that every
metric of one evaluation sees the same images, run after run. The feature cache is keyed by what the
features depend on (the real images' content hash, their shape and the feature model id), so a changed
dataset, resolution or network gives a new file instead of a stale answer; each file also holds `mu` and
`sigma`, so it doubles as a pytorch-fid statistics file (`python -m pytorch_fid A.npz B`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from calligan.errors import CalliganError
from calligan.io.npz import save_npz

# A covariance needs two samples.
MIN_FID_SAMPLES = 2
FEATURE_DIMS = 2048  # FID's features: the Inception pool3 outputs, the only size pytorch-fid's statistics hold


def require_images(images: np.ndarray, *, what: str) -> None:
    """uint8 (N, H, W) gray or (N, H, W, 3) RGB: the only pixel format the metrics accept.

    what: names the set in the message, e.g. "generated images".
    """
    if images.dtype != np.uint8 or not (images.ndim == 3 or (images.ndim == 4 and images.shape[-1] == 3)):
        raise CalliganError(
            f"{what}: expected uint8 images shaped (N, H, W) or (N, H, W, 3), got {images.dtype} {images.shape}; "
            "quantise to uint8 as a PNG would before scoring"
        )


def require_count(count: int, *, need: int, what: str, metric: str) -> None:
    """count: samples available; need: the metric's minimum; metric: names the metric in the message."""
    if count < need:
        raise CalliganError(f"{metric} needs at least {need} {what}, got {count}; score more images")


def require_same_size(real: np.ndarray, fake: np.ndarray) -> None:
    """Both sets must share height, width and channels: metrics compare like with like."""
    if real.shape[1:] != fake.shape[1:]:
        raise CalliganError(
            f"resolution mismatch: real images are {_describe(real)} but generated images are {_describe(fake)}; "
            "score both sets at the same size"
        )


def _describe(images: np.ndarray) -> str:
    size = "x".join(str(side) for side in images.shape[1:3])
    return size if images.ndim == 3 else f"{size} RGB"


def subsample_indices(total: int, *, count: int, seed: int) -> np.ndarray:
    """Which of `total` items `subsample` keeps, in ascending order; 0 or more than there are = all."""
    if count == 0 or count >= total:
        return np.arange(total)
    return np.sort(np.random.default_rng(seed).choice(total, size=count, replace=False))


def subsample(images: np.ndarray, *, count: int, seed: int) -> np.ndarray:
    """`count` images drawn without replacement (kept in their original order); 0 or more than there
    are = all of them."""
    if count == 0 or count >= len(images):
        return images
    return images[subsample_indices(len(images), count=count, seed=seed)]


def disjoint_subsamples(images: np.ndarray, *, count: int, seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    """(`subsample`-like draw of `count`, `count` other images none of which is in it), each in the
    original order; the second is None when there are fewer than 2 x count images or count is 0 (all)."""
    if count == 0 or 2 * count > len(images):
        return subsample(images, count=count, seed=seed), None
    drawn = np.random.default_rng(seed).choice(len(images), size=2 * count, replace=False)
    return images[np.sort(drawn[:count])], images[np.sort(drawn[count:])]


@dataclass(frozen=True)
class FeatureStats:
    mu: np.ndarray  # (D,) float64 feature mean
    sigma: np.ndarray  # (D, D) float64 unbiased covariance
    count: int  # number of images behind the estimate; 0 = unknown (a pytorch-fid statistics file)


def feature_stats(features: np.ndarray, *, what: str) -> FeatureStats:
    """Mean and covariance exactly as pytorch-fid computes them (float64, np.cov with N-1).

    what: names the set in the error raised when there are too few samples.
    """
    require_count(len(features), need=MIN_FID_SAMPLES, what=what, metric="FID")
    features = np.asarray(features, dtype=np.float64)
    return FeatureStats(mu=features.mean(axis=0), sigma=np.cov(features, rowvar=False), count=len(features))


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

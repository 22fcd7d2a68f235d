"""FID: the Fréchet distance between Gaussians fitted to two sets' Inception pool3 features, and its
real-vs-real floor.

`frechet_inception_distance` is the one path from images to the number, for train's evaluation, the
evaluate stage and `calligan fid`: images -> features (`InceptionFeatures`) -> mean and covariance
(`feature_stats`) -> distance, each set entering at the step it has already reached (features cached on
disk, statistics from a pytorch-fid `.npz`). `load_image_set` reads a set the way `python -m pytorch_fid`
does.

The floor: a generated set cannot be expected to beat real against real at the same sample size, so
reporting it next to the FID says how far from "indistinguishable" a score really is. FID falls as N
grows, so the floor is only comparable at the same N: the scored real images against as many other real
ones. When the data has no N more images, two halves of the scored ones stand in, and `count` says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image
from pytorch_fid.fid_score import IMAGE_EXTENSIONS

from calligan.errors import CalliganError
from calligan.metrics.context import MetricContext, MetricResult
from calligan.metrics.stats import MIN_FID_SAMPLES, FeatureStats, feature_stats, require_count

# What a set can be scored from: uint8 images (N, H, W[, 3]), float (N, D) features, or their statistics.
FIDInput = np.ndarray | FeatureStats


def frechet_distance(a: FeatureStats, b: FeatureStats) -> float:
    """pytorch-fid's d² = |mu_a - mu_b|² + tr(Sa) + tr(Sb) - 2 tr(sqrt(Sa Sb)), without scipy's sqrtm.

    tr(sqrt(Sa Sb)) is the sum of the square roots of the eigenvalues of Sa Sb, which are those of
    the symmetric PSD matrix R' Sb R for any R R' = Sa. Two symmetric eigendecompositions replace
    `scipy.linalg.sqrtm` of a general 2048x2048 matrix (`pytorch_fid.fid_score.calculate_frechet_distance`),
    which is far slower and can turn complex on rank-deficient (small-sample) covariances; the two agree
    to rounding (benchmarks/fid.py times both and records their difference).
    """
    eigenvalues, eigenvectors = np.linalg.eigh(a.sigma)
    root_a = eigenvectors * np.sqrt(np.clip(eigenvalues, 0.0, None))
    product_eigenvalues = np.linalg.eigvalsh(root_a.T @ b.sigma @ root_a)
    trace_sqrt = np.sqrt(np.clip(product_eigenvalues, 0.0, None)).sum()
    diff = a.mu - b.mu
    return float(diff @ diff + np.trace(a.sigma) + np.trace(b.sigma) - 2.0 * trace_sqrt)


def _statistics(data: FIDInput, *, extract: Callable[[np.ndarray], np.ndarray] | None, what: str) -> FeatureStats:
    if isinstance(data, FeatureStats):
        return data
    features = data if np.issubdtype(data.dtype, np.floating) else extract(data)
    return feature_stats(features, what=what)


def frechet_inception_distance(
    a: FIDInput,
    b: FIDInput,
    *,
    extract: Callable[[np.ndarray], np.ndarray] | None = None,  # images -> features (InceptionFeatures); only images need it
    what: tuple[str, str] = ("first set", "second set"),  # name a and b in the error when a set is too small
) -> float:
    """FID of a against b, each given as images, features or statistics (`FIDInput`)."""
    return frechet_distance(_statistics(a, extract=extract, what=what[0]), _statistics(b, extract=extract, what=what[1]))


def fid(ctx: MetricContext) -> MetricResult:
    require_count(len(ctx.real), need=MIN_FID_SAMPLES, what="real images", metric="FID")
    require_count(len(ctx.fake), need=MIN_FID_SAMPLES, what="generated images", metric="FID")
    real, fake = ctx.real_stats(), ctx.fake_stats()
    return {"fid": frechet_inception_distance(real, fake), "real_count": real.count, "fake_count": fake.count}


def real_floor_fid(features: np.ndarray, *, seed: int) -> MetricResult:
    """FID between two disjoint, seeded random halves of one feature set (odd counts drop one sample).

    features: (N, D) features of the real images.
    seed: seeds the split.
    """
    require_count(len(features), need=2 * MIN_FID_SAMPLES, what="real images", metric="the real-vs-real FID floor")
    order = np.random.default_rng(seed).permutation(len(features))
    half = len(features) // 2
    floor = frechet_inception_distance(features[order[:half]], features[order[half : 2 * half]],
                                       what=("real images (first half)", "real images (second half)"))
    return {"fid_floor": floor, "count": half}


def fid_floor(ctx: MetricContext) -> MetricResult:
    if ctx.floor_real is None:
        return real_floor_fid(ctx.real_features(), seed=ctx.seed)
    return {"fid_floor": frechet_inception_distance(ctx.real_stats(), ctx.floor_real_stats()), "count": len(ctx.real)}


def image_files(folder: Path) -> list[Path]:
    """The files pytorch-fid's CLI would read: one level deep, its extensions, sorted."""
    return sorted(file for ext in IMAGE_EXTENSIONS for file in folder.glob(f"*.{ext}"))


def _read_folder(folder: Path) -> np.ndarray:
    """Images read with PIL `.convert('RGB')` like pytorch-fid; when all three channels are equal (every
    calligan image) they are kept as one gray channel, which the feature network folds exactly."""
    files = image_files(folder)
    if not files:
        raise CalliganError(f"{folder}: no images ({', '.join(sorted(IMAGE_EXTENSIONS))}) in this folder")
    images = [np.asarray(Image.open(file).convert("RGB")) for file in files]
    sizes = {image.shape for image in images}
    if len(sizes) > 1:
        raise CalliganError(f"{folder}: images differ in size ({len(sizes)} sizes); resize them to one size first")
    stacked = np.stack(images)
    gray = (stacked[..., 0] == stacked[..., 1]).all() and (stacked[..., 0] == stacked[..., 2]).all()
    return np.ascontiguousarray(stacked[..., 0]) if gray else stacked


def _read_npz(path: Path) -> np.ndarray | FeatureStats:
    """calligan's packed uint8 `images`, or pytorch-fid's precomputed `mu`/`sigma`."""
    with np.load(path) as packed:
        if "images" in packed:
            return packed["images"]
        if "mu" in packed and "sigma" in packed:
            # pytorch-fid statistics files do not record their sample count.
            return FeatureStats(mu=packed["mu"], sigma=packed["sigma"], count=0)
        keys = ", ".join(packed.files) or "none"
    raise CalliganError(f"{path}: expected an 'images' array or 'mu'/'sigma' statistics, found keys {keys}")


def load_image_set(path: str | Path) -> np.ndarray | FeatureStats:
    """uint8 images (N, H, W) or (N, H, W, 3) from a folder or packed `.npz`, or the statistics of a pytorch-fid `.npz`."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if path.suffix == ".npz" and path.is_file():
        return _read_npz(path)
    raise CalliganError(f"{path}: not a folder of images or an .npz file; check the path")

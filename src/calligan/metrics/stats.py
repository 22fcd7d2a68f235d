"""Gaussian statistics of a feature set and the Fréchet distance between two of them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from calligan.metrics.checks import require_count

# A covariance needs two samples.
MIN_FID_SAMPLES = 2
FEATURE_DIMS = 2048  # FID's features: the Inception pool3 outputs, the only size pytorch-fid's statistics hold


@dataclass(frozen=True)
class FeatureStats:
    mu: np.ndarray  # (D,) float64 feature mean
    sigma: np.ndarray  # (D, D) float64 unbiased covariance
    count: int  # number of images behind the estimate


def feature_stats(features: np.ndarray, *, what: str) -> FeatureStats:
    """Mean and covariance exactly as pytorch-fid computes them (float64, np.cov with N-1).

    what: names the set in the error raised when there are too few samples.
    """
    require_count(len(features), need=MIN_FID_SAMPLES, what=what, metric="FID")
    features = np.asarray(features, dtype=np.float64)
    return FeatureStats(mu=features.mean(axis=0), sigma=np.cov(features, rowvar=False), count=len(features))


def frechet_distance(a: FeatureStats, b: FeatureStats) -> float:
    """pytorch-fid's d² = |mu_a - mu_b|² + tr(Sa) + tr(Sb) - 2 tr(sqrt(Sa Sb)), without scipy's sqrtm.

    tr(sqrt(Sa Sb)) is the sum of the square roots of the eigenvalues of Sa Sb, which are those of
    the symmetric PSD matrix R' Sb R for any R R' = Sa. Two symmetric eigendecompositions replace
    `scipy.linalg.sqrtm` of a general 2048x2048 matrix, which costs about a CPU minute here, can turn
    complex on rank-deficient (small-sample) covariances, and agrees with this to ~1e-7 relative.
    """
    eigenvalues, eigenvectors = np.linalg.eigh(a.sigma)
    root_a = eigenvectors * np.sqrt(np.clip(eigenvalues, 0.0, None))
    product_eigenvalues = np.linalg.eigvalsh(root_a.T @ b.sigma @ root_a)
    trace_sqrt = np.sqrt(np.clip(product_eigenvalues, 0.0, None)).sum()
    diff = a.mu - b.mu
    return float(diff @ diff + np.trace(a.sigma) + np.trace(b.sigma) - 2.0 * trace_sqrt)

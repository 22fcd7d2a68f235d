"""Metrics of generated images against real ones: FID (offline), KID, PRDC, diversity, copies.

Importing the package registers every metric; run them with `compute_metrics(ctx, {name: options})`.
"""

from calligan.metrics import diversity, duplicates, fid, floor, kid, memorisation, prdc  # noqa: F401  (registration)
from calligan.metrics.context import MetricContext
from calligan.metrics.features import InceptionFeatures
from calligan.metrics.registry import compute_metrics, metric_names, register

__all__ = ["InceptionFeatures", "MetricContext", "compute_metrics", "metric_names", "register"]

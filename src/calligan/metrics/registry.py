"""Metrics by name (stylegan2-ada style): each metric is a small function in its own file.

A metric takes a `MetricContext` plus keyword options and returns a flat dict of numbers (and, where
a threshold defines it, a `rule` string), always including the sample counts it used. The copy checks
also list their closest pairs of image indices when asked (`closest`), for the report's pictures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from calligan.errors import CalliganError
from calligan.metrics.context import MetricContext

MetricResult = dict[str, float | int | str | list]
MetricFn = Callable[..., MetricResult]

_METRICS: dict[str, MetricFn] = {}


def register(name: str) -> Callable[[MetricFn], MetricFn]:
    def decorate(fn: MetricFn) -> MetricFn:
        if name in _METRICS:
            raise ValueError(f"metric {name!r} is registered twice")
        _METRICS[name] = fn
        return fn

    return decorate


def metric_names() -> tuple[str, ...]:
    return tuple(sorted(_METRICS))


def compute_metrics(ctx: MetricContext, requested: Mapping[str, Mapping[str, Any]]) -> dict[str, MetricResult]:
    """Run each requested metric with its options, in the order given.

    requested: metric name -> keyword options for it (an empty mapping takes the defaults).
    """
    unknown = [name for name in requested if name not in _METRICS]
    if unknown:
        raise CalliganError(f"unknown metric(s) {', '.join(unknown)}; valid: {', '.join(metric_names())}")
    return {name: _METRICS[name](ctx, **options) for name, options in requested.items()}

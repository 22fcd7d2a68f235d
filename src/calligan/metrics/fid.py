"""FID: Fréchet distance between Gaussians fitted to real and generated Inception pool3 features."""

from __future__ import annotations

from calligan.metrics.checks import require_count
from calligan.metrics.context import MetricContext, MetricResult
from calligan.metrics.stats import MIN_FID_SAMPLES, frechet_distance


def fid(ctx: MetricContext) -> MetricResult:
    require_count(len(ctx.real), need=MIN_FID_SAMPLES, what="real images", metric="FID")
    require_count(len(ctx.fake), need=MIN_FID_SAMPLES, what="generated images", metric="FID")
    real, fake = ctx.real_stats(), ctx.fake_stats()
    return {"fid": frechet_distance(real, fake), "real_count": real.count, "fake_count": fake.count}

import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.metrics.context import MetricContext
from calligan.metrics.kid import kid
from calligan.metrics.prdc import prdc_metric


def test_features_are_computed_once_per_set(toy_features, strokes):
    ctx = MetricContext(real=strokes(4), fake=strokes(5, seed=1), extract=toy_features)
    ctx.fake_features(), ctx.fake_stats(), ctx.real_features(), ctx.real_stats()
    ctx.fake_features(), ctx.real_stats()
    assert toy_features.calls == 2


def test_metrics_of_one_context_share_its_features(toy_features, strokes):
    ctx = MetricContext(real=strokes(12), fake=strokes(10, seed=1), extract=toy_features)
    assert kid(ctx, subset_size=4, subsets=3)["subset_size"] == 4 and prdc_metric(ctx, k=3)["k"] == 3
    assert toy_features.calls == 2


def test_a_resolution_mismatch_is_one_clear_error(strokes):
    with pytest.raises(CalliganError, match="real images are 16x16 but generated images are 32x32"):
        MetricContext(real=strokes(4), fake=strokes(4, size=32))


def test_float_images_are_refused(strokes):
    with pytest.raises(CalliganError, match="generated images: expected uint8"):
        MetricContext(real=strokes(4), fake=strokes(4).astype(np.float32))


def test_feature_metrics_without_an_extractor_say_so(strokes):
    with pytest.raises(CalliganError, match="no feature extractor"):
        MetricContext(real=strokes(4), fake=strokes(4)).fake_features()

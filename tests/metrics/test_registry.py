import pytest

from calligan.errors import CalliganError
from calligan.metrics import MetricContext, compute_metrics, metric_names, register


def test_every_metric_of_the_brief_is_registered():
    assert set(metric_names()) == {"fid", "fid_floor", "kid", "prdc", "ssim_diversity", "near_duplicates", "memorisation"}


def test_metrics_run_by_name_with_their_options(toy_features, strokes):
    ctx = MetricContext(real=strokes(12), fake=strokes(10, seed=1), extract=toy_features)
    results = compute_metrics(ctx, {"kid": {"subset_size": 4, "subsets": 3}, "prdc": {"k": 3}})
    assert list(results) == ["kid", "prdc"]
    assert results["kid"]["subset_size"] == 4 and results["prdc"]["k"] == 3
    assert toy_features.calls == 2


def test_an_unknown_metric_lists_the_valid_ones(strokes):
    ctx = MetricContext(real=strokes(2), fake=strokes(2))
    with pytest.raises(CalliganError, match="unknown metric\\(s\\) fdi; valid: fid, fid_floor"):
        compute_metrics(ctx, {"fdi": {}})


def test_a_name_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        register("fid")(lambda ctx: {})

import pytest

from calligan.errors import CalliganError
from calligan.metrics.context import MetricContext
from calligan.metrics.fid import fid


def test_identical_sets_score_zero(toy_features, strokes):
    images = strokes(30)
    result = fid(MetricContext(real=images, fake=images.copy(), extract=toy_features))
    assert result == {"fid": pytest.approx(0.0, abs=1e-6), "real_count": 30, "fake_count": 30}


def test_a_shifted_set_scores_far_above_another_draw_of_the_same_kind(toy_features, strokes):
    real, same_kind = strokes(300), strokes(300, seed=1)
    darker = (same_kind // 2).astype("uint8")
    near = fid(MetricContext(real=real, fake=same_kind, extract=toy_features))["fid"]
    far = fid(MetricContext(real=real, fake=darker, extract=toy_features))["fid"]
    assert far > 10 * near


def test_too_few_generated_images_say_how_many_are_needed(toy_features, strokes):
    ctx = MetricContext(real=strokes(5), fake=strokes(1), extract=toy_features)
    with pytest.raises(CalliganError, match="FID needs at least 2 generated images, got 1"):
        fid(ctx)
    assert toy_features.calls == 0

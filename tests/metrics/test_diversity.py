import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.metrics.context import MetricContext
from calligan.metrics.diversity import random_pairs, ssim_diversity


def test_a_collapsed_set_is_far_less_diverse_than_real_data(strokes):
    real = strokes(20)
    collapsed = np.repeat(strokes(1, seed=5), 20, axis=0)
    got = ssim_diversity(MetricContext(real=real, fake=collapsed), pairs=30)
    assert got["ssim_fake"] == 1.0
    assert got["ssim_real"] < 0.5
    assert (got["pairs"], got["real_count"], got["fake_count"]) == (30, 20, 20)


def test_pairwise_ssim_needs_two_images_and_a_pair(strokes):
    with pytest.raises(CalliganError, match="pairwise SSIM needs at least 2 generated images, got 1"):
        ssim_diversity(MetricContext(real=strokes(3), fake=strokes(1)))
    with pytest.raises(CalliganError, match="pairs >= 1"):
        ssim_diversity(MetricContext(real=strokes(3), fake=strokes(3)), pairs=0)


def test_pairs_never_pair_an_image_with_itself():
    first, second = random_pairs(3, pairs=500, rng=np.random.default_rng(0))
    assert (first != second).all()
    assert set(first) == set(second) == {0, 1, 2}

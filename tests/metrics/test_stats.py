"""The samples metrics score and their statistics: input checks, seeded subsamples, pytorch-fid's mean and
covariance, and the real features' disk cache."""

import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.metrics.stats import (
    cache_key,
    cached_real_features,
    disjoint_subsamples,
    feature_stats,
    require_images,
    require_same_size,
    subsample,
    subsample_indices,
)


def test_rgb_and_gray_are_told_apart_in_a_mismatch():
    with pytest.raises(CalliganError, match="real images are 8x8 but generated images are 8x8 RGB"):
        require_same_size(np.zeros((1, 8, 8), np.uint8), np.zeros((1, 8, 8, 3), np.uint8))


def test_channels_other_than_gray_or_rgb_are_refused():
    with pytest.raises(CalliganError, match=r"got uint8 \(2, 8, 8, 4\)"):
        require_images(np.zeros((2, 8, 8, 4), np.uint8), what="x")


def test_seeded_without_replacement_in_order():
    images = np.arange(100, dtype=np.uint8).reshape(100, 1, 1)
    picked = subsample(images, count=10, seed=3)
    assert len(picked) == 10
    values = picked.ravel()
    assert len(set(values)) == 10 and np.all(np.diff(values.astype(int)) > 0)
    np.testing.assert_array_equal(picked, subsample(images, count=10, seed=3))
    assert not np.array_equal(picked, subsample(images, count=10, seed=4))


def test_zero_or_more_than_available_means_all():
    images = np.zeros((5, 2, 2), dtype=np.uint8)
    assert subsample(images, count=0, seed=0) is images
    assert subsample(images, count=9, seed=0) is images


def test_indices_say_which_images_the_subsample_kept():
    images = np.arange(100, dtype=np.uint8).reshape(100, 1, 1)
    kept = subsample_indices(100, count=10, seed=3)
    np.testing.assert_array_equal(images[kept], subsample(images, count=10, seed=3))
    np.testing.assert_array_equal(subsample_indices(5, count=0, seed=0), np.arange(5))


def test_disjoint_subsamples_share_no_image_and_fall_back_when_short():
    images = np.arange(50)
    scored, other = disjoint_subsamples(images, count=20, seed=3)
    assert len(scored) == len(other) == 20 and not set(scored) & set(other)
    assert list(scored) == sorted(scored) and list(other) == sorted(other)
    assert np.array_equal(disjoint_subsamples(images, count=20, seed=3)[1], other)
    short, none = disjoint_subsamples(images, count=30, seed=3)
    assert none is None and np.array_equal(short, subsample(images, count=30, seed=3))
    assert disjoint_subsamples(images, count=0, seed=3)[1] is None


def test_statistics_are_pytorch_fids_mean_and_covariance():
    features = np.random.default_rng(0).normal(size=(20, 5))
    stats = feature_stats(features, what="x")
    np.testing.assert_allclose(stats.mu, features.mean(axis=0))
    np.testing.assert_allclose(stats.sigma, np.cov(features, rowvar=False))
    assert stats.count == 20


def test_one_sample_has_no_covariance():
    with pytest.raises(CalliganError, match="FID needs at least 2 generated images, got 1"):
        feature_stats(np.zeros((1, 4)), what="generated images")


def test_the_second_call_reads_the_disk_instead_of_the_network(tmp_path, toy_features, strokes):
    images = strokes(6)
    first, first_stats = cached_real_features(images, extract=toy_features, cache_dir=tmp_path)
    second, second_stats = cached_real_features(images, extract=toy_features, cache_dir=tmp_path)
    assert toy_features.calls == 1
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first_stats.sigma, second_stats.sigma)
    assert second_stats.count == 6
    with np.load(next(tmp_path.glob("*.npz"))) as stored:
        assert {"mu", "sigma"} <= set(stored.files)


def test_other_images_or_another_model_are_recomputed(tmp_path, toy_features, strokes):
    images = strokes(6)
    cached_real_features(images, extract=toy_features, cache_dir=tmp_path)
    cached_real_features(strokes(6, seed=1), extract=toy_features, cache_dir=tmp_path)
    toy_features.model_id = "another-network"
    cached_real_features(images, extract=toy_features, cache_dir=tmp_path)
    assert toy_features.calls == 3


def test_the_key_depends_on_content_shape_and_model(strokes):
    images = strokes(4)
    key = cache_key(images, model_id="m")
    assert key == cache_key(images.copy(), model_id="m")
    assert key != cache_key(images.reshape(4, 8, 32), model_id="m")
    assert key != cache_key(images, model_id="n")
    changed = images.copy()
    changed[0, 0, 0] ^= 255
    assert key != cache_key(changed, model_id="m")


def test_no_cache_dir_always_computes(toy_features, strokes):
    cached_real_features(strokes(3), extract=toy_features, cache_dir=None)
    cached_real_features(strokes(3), extract=toy_features, cache_dir=None)
    assert toy_features.calls == 2

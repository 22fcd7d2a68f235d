import numpy as np

from calligan.metrics.cache import cache_key, cached_real_features


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

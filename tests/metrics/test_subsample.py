import numpy as np

from calligan.metrics.subsample import disjoint_subsamples, subsample, subsample_indices


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

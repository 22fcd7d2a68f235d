"""FID: the one path from images, features or statistics to the distance (against pytorch-fid's), the
metric, its real-vs-real floor, and reading image sets as pytorch-fid's CLI does."""

import numpy as np
import pytest
from PIL import Image
from pytorch_fid.fid_score import calculate_frechet_distance

from calligan.errors import CalliganError
from calligan.io.npz import save_npz
from calligan.metrics.context import MetricContext
from calligan.metrics.fid import fid, fid_floor, frechet_distance, frechet_inception_distance, load_image_set, real_floor_fid
from calligan.metrics.stats import FeatureStats, feature_stats


@pytest.mark.filterwarnings("ignore:The `disp` argument is deprecated:DeprecationWarning")  # inside pytorch-fid
@pytest.mark.parametrize("count", [12, 200])
def test_frechet_distance_agrees_with_pytorch_fid(count):
    """Rank-deficient (12 < 32 dims) and full-rank covariances both match scipy's sqrtm route."""
    rng = np.random.default_rng(count)
    a = feature_stats(rng.normal(size=(count, 32)), what="a")
    b = feature_stats(rng.normal(loc=0.3, scale=1.5, size=(count, 32)), what="b")
    expected = calculate_frechet_distance(a.mu, a.sigma, b.mu, b.sigma)
    assert frechet_distance(a, b) == pytest.approx(expected, rel=1e-6)


def test_identical_statistics_are_at_distance_zero():
    a = feature_stats(np.random.default_rng(3).normal(size=(50, 8)), what="a")
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-9)


def test_a_set_scores_the_same_from_images_features_or_statistics(toy_features, strokes):
    real, fake = strokes(30), strokes(30, seed=1)
    from_images = frechet_inception_distance(real, fake, extract=toy_features)
    assert toy_features.calls == 2
    real_features = toy_features(real)
    fake_stats = feature_stats(toy_features(fake), what="generated images")
    calls = toy_features.calls
    assert frechet_inception_distance(real_features, fake_stats) == from_images
    assert frechet_inception_distance(real, fake_stats, extract=toy_features) == from_images
    assert toy_features.calls == calls + 1  # only the images went through the network
    assert from_images > 0


def test_a_set_too_small_for_a_covariance_is_named(toy_features, strokes):
    with pytest.raises(CalliganError, match="FID needs at least 2 images in b/, got 1"):
        frechet_inception_distance(strokes(3), strokes(1), extract=toy_features, what=("images in a/", "images in b/"))


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


def test_halves_of_one_distribution_sit_near_zero_and_are_seeded():
    features = np.random.default_rng(0).normal(size=(401, 4))
    result = real_floor_fid(features, seed=0)
    assert result["count"] == 200
    assert 0 < result["fid_floor"] < 0.2
    assert real_floor_fid(features, seed=0) == result
    assert real_floor_fid(features, seed=1) != result


def test_the_floors_halves_share_no_image(monkeypatch):
    from calligan.metrics import fid as fid_module

    halves = []
    monkeypatch.setattr(fid_module, "frechet_inception_distance", lambda a, b, **_: halves.extend([a, b]) or 0.0)
    features = np.arange(101 * 3, dtype=np.float64).reshape(101, 3)  # every row its own image
    real_floor_fid(features, seed=0)
    first, second = ({tuple(row) for row in half} for half in halves)
    assert len(first) == len(second) == 50 and not first & second


def test_with_as_many_other_real_images_the_floor_is_at_the_scored_n(toy_features, strokes):
    real, other = strokes(20), strokes(20, seed=2)
    ctx = MetricContext(real=real, fake=strokes(20, seed=1), extract=toy_features, floor_real=other)
    floor = fid_floor(ctx)
    assert floor["count"] == 20
    expected = frechet_distance(feature_stats(toy_features(real), what="a"), feature_stats(toy_features(other), what="b"))
    assert floor["fid_floor"] == pytest.approx(expected)


def test_the_floor_reuses_the_real_features(toy_features, strokes):
    ctx = MetricContext(real=strokes(20), fake=strokes(20, seed=1), extract=toy_features)
    fid(ctx)
    fid_floor(ctx)
    assert toy_features.calls == 2


def test_the_floor_needs_two_images_per_half():
    with pytest.raises(CalliganError, match="needs at least 4 real images, got 3"):
        real_floor_fid(np.zeros((3, 4)), seed=0)


def _write(folder, images, mode):
    folder.mkdir()
    for index, image in enumerate(images):
        Image.fromarray(image).convert(mode).save(folder / f"{index}.png")


def test_gray_files_stay_one_channel_and_colour_files_stay_rgb(tmp_path, strokes):
    images = strokes(3)
    _write(tmp_path / "gray", images, "L")
    _write(tmp_path / "rgb", images, "RGB")
    np.testing.assert_array_equal(load_image_set(tmp_path / "gray"), images)
    np.testing.assert_array_equal(load_image_set(tmp_path / "rgb"), images)
    colour = np.stack([images, images // 2, images], axis=-1)
    (tmp_path / "colour").mkdir()
    for index, image in enumerate(colour):
        Image.fromarray(image).save(tmp_path / "colour" / f"{index}.png")
    assert load_image_set(tmp_path / "colour").shape == (3, 16, 16, 3)


def test_packed_images_and_pytorch_fid_statistics_load(tmp_path, strokes):
    save_npz(tmp_path / "images.npz", {"images": strokes(2), "labels": np.zeros(2, np.int64)})
    save_npz(tmp_path / "stats.npz", {"mu": np.zeros(3), "sigma": np.eye(3)})
    assert load_image_set(tmp_path / "images.npz").shape == (2, 16, 16)
    assert isinstance(load_image_set(tmp_path / "stats.npz"), FeatureStats)


def test_unreadable_sets_are_one_clear_error(tmp_path, strokes):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CalliganError, match="no images"):
        load_image_set(tmp_path / "empty")
    _write(tmp_path / "mixed", strokes(1), "L")
    Image.fromarray(strokes(1, size=8)[0]).save(tmp_path / "mixed" / "small.png")
    with pytest.raises(CalliganError, match="differ in size"):
        load_image_set(tmp_path / "mixed")
    save_npz(tmp_path / "other.npz", {"pixels": strokes(1)})
    with pytest.raises(CalliganError, match="found keys pixels"):
        load_image_set(tmp_path / "other.npz")
    with pytest.raises(CalliganError, match="not a folder of images or an .npz"):
        load_image_set(tmp_path / "missing")

import numpy as np
import pytest
from PIL import Image

from calligan.errors import CalliganError
from calligan.io.npz import save_npz
from calligan.metrics.imagesets import load_image_set
from calligan.metrics.stats import FeatureStats


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

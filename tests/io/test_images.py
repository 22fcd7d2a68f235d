import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.io.images import load_image_pack
from calligan.io.npz import save_npz


def test_bad_images_file_says_what_and_how(tmp_path):
    with pytest.raises(CalliganError, match="not found; run it"):
        load_image_pack(tmp_path / "missing.npz", what="images", fix="run it")
    save_npz(tmp_path / "float.npz", {"images": np.zeros((2, 4, 4), np.float32)})
    with pytest.raises(CalliganError, match="uint8"):
        load_image_pack(tmp_path / "float.npz", what="images", fix="run it")
    save_npz(tmp_path / "labels.npz", {"images": np.zeros((2, 4, 4), np.uint8), "labels": np.zeros(3)})
    with pytest.raises(CalliganError, match="3 labels for 2 images"):
        load_image_pack(tmp_path / "labels.npz", what="images", fix="run it")


def test_size_and_per_image_arrays_are_checked(tmp_path):
    save_npz(tmp_path / "ok.npz", {"images": np.zeros((2, 8, 8), np.uint8), "seeds": np.arange(2)})
    arrays = load_image_pack(tmp_path / "ok.npz", what="images", fix="run it", size=8)
    assert set(arrays) == {"images", "seeds"}
    with pytest.raises(CalliganError, match=r"expected uint8 \(N, 16, 16\); run it"):
        load_image_pack(tmp_path / "ok.npz", what="images", fix="run it", size=16)
    save_npz(tmp_path / "none.npz", {"pixels": np.zeros((2, 8, 8), np.uint8)})
    with pytest.raises(CalliganError, match="no `images` array inside"):
        load_image_pack(tmp_path / "none.npz", what="images", fix="run it")

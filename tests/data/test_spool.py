import numpy as np
import pytest

from calligan.data.spool import ImageSpool
from calligan.io.npz import save_npz


def test_spooled_images_pack_like_the_held_stack(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, (5, 8, 8), dtype=np.uint8)
    with ImageSpool(side=8, folder=tmp_path / "out") as spool:
        for image in images:
            spool.append(image[:, :])
        assert spool.count == 5 and list((tmp_path / "out").iterdir()) == []  # unnamed: nothing to clean up
        save_npz(tmp_path / "spooled.npz", {"images": spool.raw()})
        with pytest.raises(ValueError, match="8x8 uint8"):
            spool.append(images[0].astype(np.float32))
    save_npz(tmp_path / "held.npz", {"images": images})
    assert (tmp_path / "spooled.npz").read_bytes() == (tmp_path / "held.npz").read_bytes()


def test_an_unused_spool_makes_no_folder(tmp_path):
    with ImageSpool(side=8, folder=tmp_path / "out"):
        pass
    assert not (tmp_path / "out").exists()

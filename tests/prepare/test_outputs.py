import json

import cv2
import numpy as np
import pytest

from calligan.io.npz import save_npz
from calligan.prepare.outputs import ImageSpool, write_rejects_sheet, write_summary


def test_sheet_has_one_captioned_tile_per_sample(tmp_path):
    tiles = [("frame", np.full((96, 96), 200, np.uint8))] * 3 + [("stamp", np.zeros((96, 96), np.uint8))]
    write_rejects_sheet(tmp_path / "r.png", tiles)
    sheet = cv2.imread(str(tmp_path / "r.png"), cv2.IMREAD_GRAYSCALE)
    assert sheet.shape == (2 + 114 + 2, 2 + 4 * (96 + 2))  # 2 px between and around the tiles
    assert (sheet[2:98, 2:98] == 200).all()
    assert sheet[98:116, 2:98].max() == 255  # the caption text


def test_summary_keeps_the_totals_and_the_classes_go_beside_it(tmp_path):
    summary = {"inputs": 3, "status": {"kept": 2, "rejected": 1}, "class": {"永": {"kept": 2}, "一": {"rejected": 1}}}
    write_summary(tmp_path, summary)
    assert json.loads((tmp_path / "summary.json").read_text(encoding="utf-8")) == {
        "inputs": 3, "status": {"kept": 2, "rejected": 1}}
    assert json.loads((tmp_path / "classes.json").read_text(encoding="utf-8")) == summary["class"]


def test_sheet_without_rejects_says_so(tmp_path):
    write_rejects_sheet(tmp_path / "r.png", [])
    assert cv2.imread(str(tmp_path / "r.png"), cv2.IMREAD_GRAYSCALE).max() == 255


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

import cv2
import numpy as np

from calligan.data.rejects_sheet import write_rejects_sheet


def test_sheet_has_one_captioned_tile_per_sample(tmp_path):
    tiles = [("frame", np.full((96, 96), 200, np.uint8))] * 3 + [("stamp", np.zeros((96, 96), np.uint8))]
    write_rejects_sheet(tmp_path / "r.png", tiles)
    sheet = cv2.imread(str(tmp_path / "r.png"), cv2.IMREAD_GRAYSCALE)
    assert sheet.shape == (2 + 114 + 2, 2 + 4 * (96 + 2))  # 2 px between and around the tiles
    assert (sheet[2:98, 2:98] == 200).all()
    assert sheet[98:116, 2:98].max() == 255  # the caption text


def test_sheet_without_rejects_says_so(tmp_path):
    write_rejects_sheet(tmp_path / "r.png", [])
    assert cv2.imread(str(tmp_path / "r.png"), cv2.IMREAD_GRAYSCALE).max() == 255

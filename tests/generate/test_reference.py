from __future__ import annotations

import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.generate.reference import load_reference
from calligan.io.npz import save_npz


def test_reference_images_come_back_as_written(tmp_path):
    images = np.zeros((3, 8, 8), np.uint8)
    images[:, :2] = 255
    save_npz(tmp_path / "ref.npz", {"images": images})
    np.testing.assert_array_equal(load_reference(tmp_path / "ref.npz", size=8), images)


def test_missing_file_and_wrong_size_are_clear_errors(tmp_path):
    with pytest.raises(CalliganError, match="calligan prepare"):
        load_reference(tmp_path / "absent.npz", size=128)
    save_npz(tmp_path / "ref.npz", {"images": np.zeros((2, 64, 64), np.uint8)})
    with pytest.raises(CalliganError, match="expected uint8 \\(N, 128, 128\\)"):
        load_reference(tmp_path / "ref.npz", size=128)

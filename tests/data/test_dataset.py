import subprocess
import sys

import numpy as np
import pytest

from calligan.data.dataset import PackedDataset, write_pack
from calligan.errors import CalliganError


def test_a_written_pack_reads_back_as_arrays(tmp_path):
    images = np.zeros((3, 8, 8), np.uint8)
    images[2, 1, 1] = 128
    write_pack(tmp_path / "d.npz", images=images, labels=np.array([1, 0, 1]), classes=["a", "b"])
    dataset = PackedDataset(tmp_path / "d.npz")
    assert len(dataset) == 3 and dataset.classes == ["a", "b"]
    assert np.array_equal(dataset.images, images) and dataset.labels.tolist() == [1, 0, 1] and dataset.labels.dtype == np.int64


def test_missing_pack_says_how_to_make_it(tmp_path):
    with pytest.raises(CalliganError, match="calligan prepare"):
        PackedDataset(tmp_path / "none.npz")


def test_the_stages_that_only_write_packs_load_no_torch():
    """prepare and the study's subset write packs; torch costs them 0.8 GB resident and 1.5 s for nothing."""
    code = "import sys, calligan.prepare.stage, calligan.study.subset; print(sorted(m for m in sys.modules if m.split('.')[0] == 'torch')[:3])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

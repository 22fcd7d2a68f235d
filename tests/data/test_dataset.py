import numpy as np
import pytest
import torch

from calligan.data.dataset import PackedDataset, to_uint8, to_unit_range, write_pack
from calligan.errors import CalliganError


def test_items_are_unit_range_tensors_with_labels(tmp_path):
    images = np.zeros((3, 8, 8), np.uint8)
    images[:, 0, 0] = 255
    images[2, 1, 1] = 128
    write_pack(tmp_path / "d.npz", images=images, labels=np.array([1, 0, 1]), classes=["a", "b"])
    dataset = PackedDataset(tmp_path / "d.npz")
    assert len(dataset) == 3 and dataset.classes == ["a", "b"]
    image, label = dataset[2]
    assert image.shape == (1, 8, 8) and image.dtype == torch.float32 and label == 1
    assert image[0, 0, 0].item() == 1.0 and image[0, 0, 1].item() == -1.0
    assert image[0, 1, 1].item() == pytest.approx(128 / 127.5 - 1, abs=1e-6)
    whole = to_unit_range(dataset.images)
    assert whole.shape == (3, 1, 8, 8) and whole.min().item() == -1.0 and whole.max().item() == 1.0


def test_missing_pack_says_how_to_make_it(tmp_path):
    with pytest.raises(CalliganError, match="calligan prepare"):
        PackedDataset(tmp_path / "none.npz")


def test_to_uint8_inverts_the_training_normalisation():
    x = torch.tensor([-1.5, -1.0, 0.0, 1.0, 2.0]).view(5, 1, 1, 1)
    assert to_uint8(x).flatten().tolist() == [0, 0, 128, 255, 255]
    images = np.arange(256, dtype=np.uint8).reshape(1, 16, 16)
    assert np.array_equal(to_uint8(to_unit_range(images)).numpy(), images)

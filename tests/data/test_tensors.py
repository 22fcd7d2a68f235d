import numpy as np
import pytest
import torch

from calligan.data.tensors import to_uint8, to_unit_range


def test_packed_pixels_map_to_the_unit_range_with_a_channel_axis():
    images = np.zeros((3, 8, 8), np.uint8)
    images[:, 0, 0] = 255
    images[2, 1, 1] = 128
    whole = to_unit_range(images)
    assert whole.shape == (3, 1, 8, 8) and whole.dtype == torch.float32
    assert whole[2, 0, 0, 0].item() == 1.0 and whole[2, 0, 0, 1].item() == -1.0
    assert whole[2, 0, 1, 1].item() == pytest.approx(128 / 127.5 - 1, abs=1e-6)


def test_to_uint8_inverts_the_training_normalisation():
    x = torch.tensor([-1.5, -1.0, 0.0, 1.0, 2.0]).view(5, 1, 1, 1)
    assert to_uint8(x).flatten().tolist() == [0, 0, 128, 255, 255]
    images = np.arange(256, dtype=np.uint8).reshape(1, 16, 16)
    assert np.array_equal(to_uint8(to_unit_range(images)).numpy(), images)

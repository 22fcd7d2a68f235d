import numpy as np
import pytest
import torch
from pytorch_fid.inception import InceptionV3


@pytest.mark.slow
def test_streamed_batches_match_pytorch_fid_on_the_same_pixels(inception, fid_torch_home, monkeypatch):
    """Two images streamed one per batch against pytorch-fid's network on ToTensor input."""
    monkeypatch.setenv("TORCH_HOME", str(fid_torch_home))
    images = np.random.default_rng(2).integers(0, 256, size=(2, 40, 40), dtype=np.uint8)
    got = inception(images)
    reference = InceptionV3([InceptionV3.BLOCK_INDEX_BY_DIM[2048]]).eval()
    pixels = torch.from_numpy(images).float().div(255).unsqueeze(1).expand(-1, 3, -1, -1)
    with torch.inference_mode():
        expected = reference(pixels)[0].flatten(1).double().numpy()
    assert got.dtype == np.float64 and got.shape == (2, 2048)
    assert np.linalg.norm(got - expected) / np.linalg.norm(expected) < 1e-5


def test_the_model_id_names_the_weights(inception):
    assert inception.model_id.startswith("fid-inception-pool3-2048-")

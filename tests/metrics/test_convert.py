import pytest
import torch
import torch.nn.functional as F
from pytorch_fid.inception import InceptionV3

from calligan.errors import CalliganError
from calligan.metrics.convert import convert_fid_helper_weights
from calligan.metrics.weights import bundled_torchscript_path

# torch.jit is deprecated in favour of torch.export, but the bundled network only exists as TorchScript.
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit.*` is deprecated:FutureWarning")


@pytest.mark.slow
def test_converted_weights_give_the_torchscript_features_through_pytorch_fid(fid_torch_home, monkeypatch):
    """pytorch-fid's own loader reads the converted file from the hub cache (offline) and matches."""
    monkeypatch.setenv("TORCH_HOME", str(fid_torch_home))
    ours = InceptionV3([InceptionV3.BLOCK_INDEX_BY_DIM[2048]]).eval()
    scripted = torch.jit.load(str(bundled_torchscript_path()), map_location="cpu")
    images = torch.rand(1, 3, 96, 80, generator=torch.Generator().manual_seed(0))
    with torch.inference_mode():
        expected = scripted(2 * F.interpolate(images, size=(299, 299), mode="bilinear", align_corners=False) - 1)
        got = ours(images)[0].flatten(1)
    assert got.shape == (1, 2048)
    assert ((got - expected).norm() / expected.norm()).item() < 1e-6


def test_conversion_rejects_a_torchscript_of_another_shape(tmp_path):
    class OneLayer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = torch.nn.Parameter(torch.zeros(32, 3, 3, 3))
            self.beta = torch.nn.Parameter(torch.zeros(32))
            self.mean = torch.nn.Parameter(torch.zeros(32))
            self.var = torch.nn.Parameter(torch.ones(32))

        def forward(self, x):
            return x

    source = tmp_path / "other.pt"
    torch.jit.script(OneLayer()).save(str(source))
    with pytest.raises(CalliganError, match="expected 94 conv layers"):
        convert_fid_helper_weights(source=source, target=tmp_path / "out.pth")
    assert not (tmp_path / "out.pth").exists()

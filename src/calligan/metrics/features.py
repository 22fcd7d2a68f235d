"""Streaming Inception features of uint8 image arrays, batch by batch, straight from memory."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from calligan.device import resolve_device
from calligan.metrics.inception import FIDFeatureNet, load_fid_inception
from calligan.metrics.stats import FEATURE_DIMS
from calligan.metrics.weights import resolve_fid_weights


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
        weights: str | os.PathLike | None = None,  # FID weights file; None = resolve offline (see weights.py)
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
        # TF32 convolutions on CUDA would move FID by ~1e-3; FID is a fp32 measurement.
        with torch.inference_mode(), torch.backends.cudnn.flags(enabled=True, allow_tf32=False):
            starts = range(0, len(images), self.batch_size)
            for start in tqdm(starts, desc="inception", unit="batch", disable=not self.progress, leave=False):
                batch = torch.from_numpy(np.ascontiguousarray(images[start : start + self.batch_size]))
                batch = batch.unsqueeze(1) if batch.ndim == 3 else batch.permute(0, 3, 1, 2)
                batch = batch.to(self.device, non_blocking=True).float().div(255)
                batch = batch.contiguous(memory_format=torch.channels_last)
                out[start : start + len(batch)] = self.net(batch).cpu().numpy()
        return out

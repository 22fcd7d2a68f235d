"""What makes two trainings "the same run": the params that shape it and the data it reads."""

from __future__ import annotations

import dataclasses
import hashlib
import json

import numpy as np

from calligan.config.train import NOT_RUN_SHAPING, TrainParams


def data_digest(images: np.ndarray, labels: np.ndarray) -> str:
    digest = hashlib.sha256()
    for array in (images, labels):
        digest.update(str(array.shape).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def run_shaping(params: TrainParams) -> dict:
    """The params a checkpoint must match to be continued (see NOT_RUN_SHAPING)."""
    return {k: v for k, v in dataclasses.asdict(params).items() if k not in NOT_RUN_SHAPING}


def run_fingerprint(params: TrainParams, *, digest: str) -> str:
    """digest: `data_digest` of the training images, so new data is a new run even under the same path."""
    shaping = run_shaping(params)
    shaping.pop("data")
    text = json.dumps({"params": shaping, "data": digest}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]

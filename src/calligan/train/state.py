"""The resumable state of a run: all a checkpoint must hold to continue it bit for bit (`TrainState`),
the checkpoint file, the random-number streams, the order of the real data, and the fingerprint that
says which run a checkpoint belongs to.

A checkpoint holds only tensors, numbers, strings and containers of them, so `torch.load` runs with
`weights_only=True`; a file carrying any other pickled object is refused, never executed.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from calligan.config.train import NOT_RUN_SHAPING, TrainParams
from calligan.data.tensors import to_unit_range
from calligan.errors import CalliganError
from calligan.gans.spec import ModelSpec
from calligan.io.atomic import atomic_path
from calligan.io.torch_files import safe_load
from calligan.train.augment import Augmenter


@dataclass
class TrainState:
    """Everything a checkpoint must hold to continue a run bit for bit, and how it goes back in."""

    networks: dict[str, nn.Module]  # unwrapped G, D (and any extra head), by the family's attribute name
    ema: nn.Module
    opt_g: torch.optim.Optimizer
    opt_d: torch.optim.Optimizer
    latent_rng: torch.Generator  # the loop's noise stream
    stream: BatchStream  # the real-data order
    augmenter: Augmenter  # D's augmentation, whose ADA probability moves during the run
    best: dict | None = None  # the lowest-FID evaluation so far: {"fid", "step", "generator": EMA state dict}

    def offer_best(self, *, fid: float, step: int) -> bool:
        """Keep the EMA generator as it is now if `fid` beats the best so far; whether it did."""
        if self.best is not None and fid >= self.best["fid"]:
            return False
        weights = {name: tensor.detach().cpu().clone() for name, tensor in self.ema.state_dict().items()}
        self.best = {"fid": float(fid), "step": int(step), "generator": weights}
        return True

    def best_generator(self) -> nn.Module | None:
        """A copy of the EMA generator holding the best weights, or None before any evaluation."""
        if self.best is None:
            return None
        generator = copy.deepcopy(self.ema)
        generator.load_state_dict(self.best["generator"])
        return generator

    def checkpoint(self, *, step: int, fingerprint: str, params: TrainParams, spec: ModelSpec) -> dict:
        """Tensors, numbers and strings only, so it loads with weights_only=True."""
        return {
            "fingerprint": fingerprint,
            "params": dataclasses.asdict(params),
            "spec": dataclasses.asdict(spec),
            "step": step,
            "networks": {name: net.state_dict() for name, net in self.networks.items()},
            "ema": self.ema.state_dict(),
            "optimizers": {"generator": self.opt_g.state_dict(), "discriminator": self.opt_d.state_dict()},
            "rng": capture_rng(latent=self.latent_rng),
            "data_order": self.stream.state_dict(),
            "augment": self.augmenter.state_dict(),
            "best": self.best,
        }

    def resume(self, path: Path, *, fingerprint: str) -> int | None:
        """Restore every part from the checkpoint at `path` if there is one; its step, or None."""
        if not path.is_file():
            return None
        checkpoint = load_checkpoint(path, map_location="cpu")
        if checkpoint.get("fingerprint") != fingerprint:
            raise CalliganError(f"{path} holds another run than its folder name says; delete {path.parent} or rerun "
                                "with --fresh (train.resume=false)")
        try:
            return self.restore(checkpoint)
        except RuntimeError as error:  # load_state_dict's missing, unexpected or resized tensors
            raise CalliganError(f"{path} holds networks of another layout than this calligan builds (written by an "
                                f"older version?); rerun with --fresh (train.resume=false) to start over "
                                f"({str(error).splitlines()[0]})") from None

    def restore(self, checkpoint: dict) -> int:
        """Load `checkpoint` (a `checkpoint()` dict) into every part; return its step."""
        for name, net in self.networks.items():
            net.load_state_dict(checkpoint["networks"][name])
        self.ema.load_state_dict(checkpoint["ema"])
        self.opt_g.load_state_dict(checkpoint["optimizers"]["generator"])
        self.opt_d.load_state_dict(checkpoint["optimizers"]["discriminator"])
        restore_rng(checkpoint["rng"], latent=self.latent_rng)
        self.stream.load_state_dict(checkpoint["data_order"])
        self.augmenter.load_state_dict(checkpoint["augment"])
        self.best = checkpoint["best"]
        return int(checkpoint["step"])


def save_checkpoint(path: str | os.PathLike, state: dict) -> None:
    with atomic_path(path) as tmp:
        torch.save(state, tmp)


def load_checkpoint(path: str | os.PathLike, *, map_location=None) -> dict:
    return safe_load(path, map_location=map_location, what="the checkpoint (delete it or rerun with --fresh)")


def seed_everything(seed: int) -> None:
    """Seed python, numpy and torch (CPU and every CUDA device) from one integer."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def capture_rng(*, latent: torch.Generator) -> dict:
    """The states of the global RNGs plus `latent`, the generator the loop draws noise from, as plain
    tensors and numbers (loadable with weights_only)."""
    name, keys, pos, has_gauss, cached = np.random.get_state()
    version, internal, gauss = random.getstate()
    return {
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
        "numpy": {"name": name, "keys": torch.from_numpy(keys.astype(np.int64)), "pos": int(pos),
                  "has_gauss": int(has_gauss), "cached": float(cached)},
        "python": [version, list(internal), gauss],
        "latent": latent.get_state(),
    }


def restore_rng(state: dict, *, latent: torch.Generator) -> None:
    """Put back what `capture_rng` took; CUDA states only when the same devices are there."""
    torch.set_rng_state(state["torch"])
    if state["cuda"] and torch.cuda.is_available() and len(state["cuda"]) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(state["cuda"])
    n = state["numpy"]
    np.random.set_state((n["name"], n["keys"].numpy().astype(np.uint32), n["pos"], n["has_gauss"], n["cached"]))
    version, internal, gauss = state["python"]
    random.setstate((version, tuple(internal), gauss))
    latent.set_state(state["latent"])


def reseed_for_rank(*, seed: int, rank: int, step: int, latent: torch.Generator) -> None:
    """Give process `rank` > 0 noise streams of its own, so processes do not draw the same latents.

    Only rank 0's streams are checkpointed; the others restart from (seed, rank, step) on resume.
    """
    entropy = np.random.SeedSequence([seed, rank, step]).generate_state(2, np.uint32)
    torch.manual_seed(int(entropy[0]))
    latent.manual_seed(int(entropy[1]))


class BatchStream:
    """Real batches from an in-memory uint8 image tensor, in a seeded order that a checkpoint can resume.

    Each epoch is a permutation drawn from (seed, epoch) alone, so the order needs no state beyond the
    epoch and the position inside it. With several processes every global batch is split by rank, so
    N processes see exactly the images one process would have seen.
    """

    def __init__(self, images: torch.Tensor, labels: torch.Tensor, *, batch_size: int, seed: int,
                 rank: int = 0, world_size: int = 1) -> None:
        """images: uint8 [N, S, S] (ink bright), on the training device; labels: int64 [N].

        batch_size: images per global batch, split evenly over `world_size` processes.
        seed: the run's seed; with the epoch number it fixes each epoch's permutation.
        """
        if batch_size % world_size:
            raise CalliganError(f"train.batch_size={batch_size} does not split over {world_size} processes; "
                                f"use a multiple of {world_size}")
        if batch_size > len(images):
            raise CalliganError(f"train.batch_size={batch_size} exceeds the {len(images)} training images; "
                                "lower train.batch_size")
        self.images, self.labels = images, labels
        self.batch_size, self.seed = batch_size, seed
        self.rank, self.world_size = rank, world_size
        self.epoch, self.position = 0, 0
        self._order = self._permutation()

    def _permutation(self) -> torch.Tensor:
        # SeedSequence mixes (seed, epoch) into independent streams; seed + epoch would collide.
        entropy = int(np.random.SeedSequence([self.seed, self.epoch]).generate_state(1, np.uint64)[0])
        rng = torch.Generator().manual_seed(entropy)
        return torch.randperm(len(self.images), generator=rng).to(self.images.device)

    def next(self) -> tuple[torch.Tensor, torch.Tensor]:
        """This process's share of the next global batch: float [b, 1, S, S] in [-1, 1], labels [b]."""
        if self.position + self.batch_size > len(self._order):
            self.epoch, self.position = self.epoch + 1, 0
            self._order = self._permutation()
        share = self.batch_size // self.world_size
        start = self.position + self.rank * share
        index = self._order[start:start + share]
        self.position += self.batch_size
        real = to_unit_range(self.images[index])
        return real, self.labels[index]

    def state_dict(self) -> dict:
        return {"epoch": self.epoch, "position": self.position}

    def load_state_dict(self, state: dict) -> None:
        self.epoch, self.position = int(state["epoch"]), int(state["position"])
        self._order = self._permutation()


def data_digest(images: np.ndarray, labels: np.ndarray) -> str:
    """The training data's identity for `run_fingerprint`: shapes and bytes of images and labels."""
    digest = hashlib.sha256()
    for array in (images, labels):
        digest.update(str(array.shape).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def run_shaping(params: TrainParams) -> dict:
    """The params a checkpoint must match to be continued (see NOT_RUN_SHAPING)."""
    return {k: v for k, v in dataclasses.asdict(params).items() if k not in NOT_RUN_SHAPING}


def run_fingerprint(params: TrainParams, *, digest: str) -> str:
    """What makes two trainings "the same run": the params that shape it and the data it reads.

    digest: `data_digest` of the training images, so new data is a new run even under the same path.
    """
    shaping = run_shaping(params)
    shaping.pop("data")
    text = json.dumps({"params": shaping, "data": digest}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]

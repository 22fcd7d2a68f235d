"""Everything a checkpoint must hold to continue a run bit for bit, and how it goes back in."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass

import torch
from torch import nn

from calligan.config.train import TrainParams
from calligan.gans.spec import ModelSpec
from calligan.train import rng
from calligan.train.augment import Augmenter
from calligan.train.batches import BatchStream


@dataclass
class TrainState:
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
            "rng": rng.capture(latent=self.latent_rng),
            "data_order": self.stream.state_dict(),
            "augment": self.augmenter.state_dict(),
            "best": self.best,
        }

    def restore(self, checkpoint: dict) -> int:
        """Load `checkpoint` (from `checkpoint`) into every part; return its step."""
        for name, net in self.networks.items():
            net.load_state_dict(checkpoint["networks"][name])
        self.ema.load_state_dict(checkpoint["ema"])
        self.opt_g.load_state_dict(checkpoint["optimizers"]["generator"])
        self.opt_d.load_state_dict(checkpoint["optimizers"]["discriminator"])
        rng.restore(checkpoint["rng"], latent=self.latent_rng)
        self.stream.load_state_dict(checkpoint["data_order"])
        self.augmenter.load_state_dict(checkpoint["augment"])
        self.best = checkpoint["best"]
        return int(checkpoint["step"])

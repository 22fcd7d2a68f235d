"""Everything a checkpoint must hold to continue a run bit for bit, and how it goes back in."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import torch
from torch import nn

from calligan.config.train import TrainParams
from calligan.gans.spec import ModelSpec
from calligan.train import rng
from calligan.train.batches import BatchStream


@dataclass
class TrainState:
    networks: dict[str, nn.Module]  # unwrapped G, D (and any extra head), by the family's attribute name
    ema: nn.Module
    opt_g: torch.optim.Optimizer
    opt_d: torch.optim.Optimizer
    latent_rng: torch.Generator  # the loop's noise stream
    stream: BatchStream  # the real-data order

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
        return int(checkpoint["step"])

"""Every random-number state a run uses, as plain tensors and numbers (loadable with weights_only)."""

from __future__ import annotations

import random

import numpy as np
import torch


def seed_everything(seed: int) -> None:
    """Seed python, numpy and torch (CPU and every CUDA device) from one integer."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def capture(*, latent: torch.Generator) -> dict:
    """The states of the global RNGs plus `latent`, the generator the loop draws noise from."""
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


def restore(state: dict, *, latent: torch.Generator) -> None:
    """Put back what `capture` took; CUDA states only when the same devices are there."""
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

import random

import numpy as np
import torch

from calligan.train import rng


def _draw(latent):
    return (random.random(), float(np.random.rand()), float(torch.rand(1)), float(torch.rand(1, generator=latent)))


def test_restore_replays_every_stream_through_a_weights_only_round_trip(tmp_path):
    rng.seed_everything(5)
    latent = torch.Generator().manual_seed(9)
    _draw(latent)
    torch.save(rng.capture(latent=latent), tmp_path / "rng.pt")
    expected = _draw(latent)
    _draw(latent)
    rng.restore(torch.load(tmp_path / "rng.pt", weights_only=True), latent=latent)
    assert _draw(latent) == expected

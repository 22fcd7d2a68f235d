from __future__ import annotations

import torch

from calligan.gans.latent import with_codes


def test_z_is_noise_then_one_hot_category_then_continuous_codes() -> None:
    noise, category, continuous = torch.zeros(2, 3), torch.tensor([2, 0]), torch.tensor([[0.5], [-1.5]])
    latent = with_codes(noise, categorical=category, continuous=continuous, n_categorical=4)
    assert latent.z.tolist() == [[0, 0, 0, 0, 0, 1, 0, 0.5], [0, 0, 0, 1, 0, 0, 0, -1.5]]
    assert latent.categorical is category and latent.continuous is continuous and latent.labels is None

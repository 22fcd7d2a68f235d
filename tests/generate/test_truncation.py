from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy import stats

from calligan.generate.truncation import truncate


def _truncated(psi: float, *, shape=(4000, 100), seed=0) -> torch.Tensor:
    stream = torch.Generator().manual_seed(seed)
    return truncate(torch.randn(*shape, generator=stream), psi=psi, generator=stream)


@pytest.mark.parametrize("psi", [2.0, 1.0, 0.5, 0.1])
def test_every_component_lies_within_psi_and_follows_the_truncated_normal(psi):
    values = _truncated(psi).numpy().ravel()
    assert np.abs(values).max() <= psi
    # 400,000 draws: a clipped normal (mass piled at +-psi) or a uniform would be rejected outright.
    result = stats.kstest(values, stats.truncnorm(-psi, psi).cdf)
    assert result.pvalue > 1e-3, result


def test_components_inside_psi_are_kept_and_only_the_others_redrawn():
    stream = torch.Generator().manual_seed(1)
    noise = torch.randn(64, 100, generator=stream)
    out = truncate(noise, psi=1.0, generator=stream)
    inside = noise.abs() <= 1.0
    assert torch.equal(out[inside], noise[inside]) and not torch.equal(out, noise)
    assert torch.equal(noise, torch.randn(64, 100, generator=torch.Generator().manual_seed(1)))  # input untouched


def test_the_same_stream_gives_the_same_noise():
    assert torch.equal(_truncated(0.7, seed=3), _truncated(0.7, seed=3))
    assert not torch.equal(_truncated(0.7, seed=3), _truncated(0.7, seed=4))


@pytest.mark.parametrize("psi", [0.0, -1.0])
def test_psi_must_be_positive(psi):
    with pytest.raises(ValueError, match="psi"):
        truncate(torch.zeros(2, 3), psi=psi, generator=torch.Generator())

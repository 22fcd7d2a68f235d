from __future__ import annotations

import pytest
import torch

from calligan.nn.norms import norm2d


def test_layer_norm_normalises_each_sample_over_c_h_w() -> None:
    x = torch.randn(3, 4, 5, 5) * 7 + 2
    y = norm2d("layer", 4)(x)
    assert torch.allclose(y.flatten(1).mean(dim=1), torch.zeros(3), atol=1e-5)
    assert torch.allclose(y[:1], norm2d("layer", 4)(x[:1]))


def test_unknown_norm_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="batch"):
        norm2d("instance", 4)

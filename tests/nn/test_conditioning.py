from __future__ import annotations

import pytest
import torch

from calligan.nn.conditioning import with_one_hot


def test_appends_one_hot_labels() -> None:
    assert with_one_hot(torch.ones(2, 1), torch.tensor([1, 0]), num_classes=2).tolist() == [[1, 0, 1], [1, 1, 0]]


def test_unconditional_passes_z_through_and_rejects_labels() -> None:
    z = torch.ones(2, 3)
    assert with_one_hot(z, None, num_classes=0) is z
    with pytest.raises(ValueError, match="unconditional"):
        with_one_hot(z, torch.tensor([0, 1]), num_classes=0)


def test_label_shape_must_match_the_batch() -> None:
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        with_one_hot(torch.ones(2, 3), torch.tensor([0, 1, 1]), num_classes=4)

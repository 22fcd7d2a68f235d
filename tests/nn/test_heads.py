from __future__ import annotations

import pytest
import torch

from calligan.nn.heads import ProjectionHead, QHead


def test_projection_adds_the_inner_product_with_the_class_embedding() -> None:
    torch.manual_seed(0)
    head = ProjectionHead(features=5, num_classes=3, bias=True)
    h, labels = torch.randn(2, 5), torch.tensor([2, 0])
    expected = head.linear(h).squeeze(1) + (head.embed.weight[labels] * h).sum(dim=1)
    assert torch.allclose(head(h, labels), expected)


def test_projection_demands_labels_only_when_conditional() -> None:
    with pytest.raises(ValueError, match="pass labels"):
        ProjectionHead(features=4, num_classes=3, bias=False)(torch.zeros(2, 4))
    with pytest.raises(ValueError, match="labels=None"):
        ProjectionHead(features=4, num_classes=0, bias=False)(torch.zeros(2, 4), torch.tensor([0, 1]))
    assert ProjectionHead(features=4, num_classes=0, bias=False)(torch.zeros(2, 4)).shape == (2,)


def test_q_head_splits_logits_and_means() -> None:
    codes = QHead(features=6, hidden=4, n_categorical=3, n_continuous=2)(torch.randn(5, 6))
    assert codes.categorical_logits.shape == (5, 3)
    assert codes.continuous_mean.shape == (5, 2)
    only_continuous = QHead(features=6, hidden=4, n_categorical=0, n_continuous=1)(torch.randn(5, 6))
    assert only_continuous.categorical_logits is None

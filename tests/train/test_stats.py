import pytest
import torch

from calligan.train.stats import StepStats


def test_means_and_first_non_finite_step():
    stats = StepStats(torch.device("cpu"))
    stats.add(step=1, losses=[torch.tensor(1.0)], stats={"d_loss": torch.tensor(1.0)})
    stats.add(step=1, losses=[torch.tensor(3.0)], stats={"d_loss": torch.tensor(3.0), "g_loss": torch.tensor(5.0)})
    assert stats.bad_step() is None
    assert stats.means() == pytest.approx({"d_loss": 2.0, "g_loss": 5.0})
    stats.add(step=2, losses=[torch.tensor(float("nan"))], stats={})
    stats.add(step=3, losses=[torch.tensor(float("inf"))], stats={})
    assert stats.bad_step() == 2

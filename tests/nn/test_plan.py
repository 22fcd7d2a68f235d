from __future__ import annotations

import pytest

from calligan.nn.plan import plan_for


@pytest.mark.parametrize(("size", "base", "stages"), [(28, 7, 2), (32, 4, 3), (64, 4, 4), (128, 4, 5)])
def test_stages_double_the_base_up_to_the_image(size: int, base: int, stages: int) -> None:
    plan = plan_for(image_size=size, width=64)
    assert (plan.base, plan.stages) == (base, stages)
    assert plan.base * 2**plan.stages == size


def test_128_widens_the_deepest_stage_as_the_seed_does() -> None:
    assert plan_for(image_size=64, width=64).channels(3) == 512
    assert plan_for(image_size=128, width=64).channels(4) == 1024
    assert plan_for(image_size=128, width=64).channels(0) == 64


def test_rejects_unsupported_sizes() -> None:
    with pytest.raises(ValueError, match="28, 32, 64, 128"):
        plan_for(image_size=100, width=8)

"""generate: the competition's sampling knobs (truncation at psi 1, no selection by default), and impossible
combinations are one clear line."""

from __future__ import annotations

import pytest

from calligan.config import load_params
from calligan.config.generate import GenerateParams
from calligan.errors import CalliganError


def test_sampling_truncates_at_psi_1_and_selects_nothing_by_default():
    params = GenerateParams()
    assert (params.truncation, params.oversample, params.select) == (1.0, 1.0, "none")


def test_a_selection_with_room_to_choose_is_accepted():
    params = load_params(None, ["generate.select=critic", "generate.oversample=2", "generate.truncation=1.5"]).generate
    assert (params.select, params.oversample, params.truncation) == ("critic", 2.0, 1.5)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (["generate.oversample=2"], "select is none; set generate.select to critic or classifier, or oversample to 1"),
        (["generate.select=classifier"], "nothing to choose from at oversample=1; set generate.oversample above 1"),
        (["generate.select=critic", "generate.oversample=0.5"], "oversample must be at least 1"),
        (["generate.truncation=-1"], "truncation must be 0 \\(off\\) or a positive psi"),
        (["generate.select=discriminator"], "'discriminator' is not one of 'none', 'critic', 'classifier'"),
    ],
)
def test_impossible_combinations_say_what_to_set(overrides, message):
    with pytest.raises(CalliganError, match=f"^params.generate.*{message}"):
        load_params(None, overrides)

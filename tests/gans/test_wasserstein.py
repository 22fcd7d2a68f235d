"""ADA's overfitting signal for a critic, which has no fixed zero."""

import torch

from calligan.gans.wasserstein import critic_statistics


def test_real_sign_is_the_share_of_reals_above_a_typical_fake_minus_the_share_below():
    fakes = torch.linspace(-1, 1, 64)
    assert critic_statistics(fakes + 10, fakes)[1]["real_sign"] == 1  # every real above every fake: overfitting
    assert critic_statistics(-fakes - 10, fakes)[1]["real_sign"] == -1
    assert abs(critic_statistics(fakes.flip(0), fakes)[1]["real_sign"]) < 0.05  # the same scores: no signal


def test_a_few_high_real_scores_do_not_hide_a_winning_critic():
    """Most reals just above the fakes and a few far above: the means' midpoint would sit above most reals
    and read r_t < 0 (no overfitting); the fakes' median sees the critic separate 90 % of them."""
    fakes = torch.zeros(100)
    reals = torch.cat([torch.full((90,), 0.5), torch.full((10,), 50.0)])
    _, stats = critic_statistics(reals, fakes.normal_(generator=torch.Generator().manual_seed(0), std=0.1))
    assert stats["real_sign"] > 0.9
    assert torch.isclose(stats["wasserstein"], stats["d_real"] - stats["d_fake"])

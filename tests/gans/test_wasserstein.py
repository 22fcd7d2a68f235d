"""The critic's Wasserstein statistics, and ADA's overfitting signal for a critic, which has no fixed zero."""

import torch

from calligan.gans.wasserstein import critic_statistics


def test_real_sign_reads_how_far_the_critic_separates_real_from_fake():
    fakes = torch.linspace(-1, 1, 64)
    assert critic_statistics(fakes + 10, fakes)[1]["real_sign"] == 1  # every real above every fake: overfitting
    assert critic_statistics(-fakes - 10, fakes)[1]["real_sign"] == -1
    assert abs(critic_statistics(fakes.flip(0), fakes)[1]["real_sign"]) < 0.05  # the same scores: no signal
    loss, stats = critic_statistics(fakes + 1, fakes)
    assert torch.isclose(stats["wasserstein"], stats["d_real"] - stats["d_fake"]) and torch.isclose(loss, -stats["wasserstein"])


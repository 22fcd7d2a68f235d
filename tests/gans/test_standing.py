"""Standing statistics: a generator's BatchNorm statistics measured afresh on the caller's latents."""

import torch

from calligan.gans.latent import Latent
from calligan.gans.standing import STANDING_BATCH_SIZE, standing_statistics


def test_standing_statistics_measure_the_ema_weights_own_activations():
    torch.manual_seed(0)
    ema = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    ema[1].running_mean.fill_(7.0)  # as copied from the trained net: stale for these weights
    ema.eval()
    z = torch.randn(3 * STANDING_BATCH_SIZE, 3)  # three batches

    class Wrapped(torch.nn.Module):  # generators take (z, labels)
        def __init__(self):
            super().__init__()
            self.net = ema

        def forward(self, z, labels):
            return self.net(z)

    standing_statistics(Wrapped(), latent=Latent(z=z, labels=None))
    with torch.no_grad():
        pre = ema[0](z)
    assert torch.allclose(ema[1].running_mean, pre.mean(dim=0), atol=1e-5)  # the plain mean over all batches
    assert not ema.training and ema[1].momentum == 0.1  # left in eval mode with its momentum back

import pytest
import torch

from calligan.errors import CalliganError
from calligan.train.batches import BatchStream


def _data(n=10):
    images = torch.arange(n, dtype=torch.uint8).view(n, 1, 1).expand(n, 2, 2).contiguous()
    return images, torch.arange(n)


def test_batches_are_normalised_and_cover_an_epoch_once():
    images, labels = _data()
    stream = BatchStream(images, labels, batch_size=5, seed=1)
    seen = []
    for _ in range(2):
        real, lab = stream.next()
        assert real.shape == (5, 1, 2, 2) and real.dtype == torch.float32
        assert torch.allclose(real[:, 0, 0, 0], lab.float() / 127.5 - 1)
        seen += lab.tolist()
    assert sorted(seen) == list(range(10))
    _, lab = stream.next()
    assert stream.epoch == 1 and stream.position == 5


def test_epochs_differ_and_state_resumes_the_order():
    images, labels = _data()
    stream = BatchStream(images, labels, batch_size=5, seed=1)
    order = [stream.next()[1] for _ in range(4)]
    assert not torch.equal(torch.cat(order[:2]), torch.cat(order[2:]))
    again = BatchStream(images, labels, batch_size=5, seed=1)
    again.next(), again.next(), again.next()
    resumed = BatchStream(images, labels, batch_size=5, seed=1)
    resumed.load_state_dict(again.state_dict())
    assert torch.equal(resumed.next()[1], order[3])


def test_ranks_split_the_global_batch():
    images, labels = _data()
    whole = BatchStream(images, labels, batch_size=4, seed=3).next()[1]
    halves = [BatchStream(images, labels, batch_size=4, seed=3, rank=r, world_size=2).next()[1] for r in (0, 1)]
    assert torch.equal(torch.cat(halves), whole)


def test_uneven_split_and_oversized_batch_are_refused():
    images, labels = _data()
    with pytest.raises(CalliganError, match="multiple of 2"):
        BatchStream(images, labels, batch_size=5, seed=0, world_size=2)
    with pytest.raises(CalliganError, match="exceeds"):
        BatchStream(images, labels, batch_size=11, seed=0)

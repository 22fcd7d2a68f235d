"""The resumable state: the data order, the checkpoint file, the RNG streams."""

import random

import numpy as np
import pytest
import torch

from calligan.errors import CalliganError
from calligan.train.state import BatchStream, capture_rng, load_checkpoint, restore_rng, save_checkpoint, seed_everything


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


class _Touch:
    """Unpickling this would create a file: the proof that a load executed code."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_round_trip_keeps_tensors_and_numbers(tmp_path):
    state = {"step": 3, "w": torch.arange(4.0), "betas": (0.0, 0.9), "name": "x", "none": None}
    save_checkpoint(tmp_path / "c.pt", state)
    loaded = load_checkpoint(tmp_path / "c.pt")
    assert loaded["step"] == 3 and torch.equal(loaded["w"], state["w"]) and loaded["betas"] == (0.0, 0.9)
    assert [p.name for p in tmp_path.iterdir()] == ["c.pt"]  # no temporary file left beside it


def test_pickled_object_is_refused_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    torch.save({"step": 1, "payload": _Touch(marker)}, tmp_path / "evil.pt")
    with pytest.raises(CalliganError, match="refused to load"):
        load_checkpoint(tmp_path / "evil.pt")
    assert not marker.exists()


@pytest.mark.parametrize("seed", range(20))
def test_garbage_file_is_one_clear_error(tmp_path, seed):
    (tmp_path / "c.pt").write_bytes(random.Random(seed).randbytes(64))
    with pytest.raises(CalliganError, match="c.pt"):
        load_checkpoint(tmp_path / "c.pt")


def test_truncated_checkpoint_is_one_clear_error(tmp_path):
    torch.save({"step": 3, "w": torch.ones(100)}, tmp_path / "full.pt")
    (tmp_path / "c.pt").write_bytes((tmp_path / "full.pt").read_bytes()[:300])
    with pytest.raises(CalliganError, match="cannot read"):
        load_checkpoint(tmp_path / "c.pt")


def _draw(latent):
    return (random.random(), float(np.random.rand()), float(torch.rand(1)), float(torch.rand(1, generator=latent)))


def test_restore_replays_every_stream_through_a_weights_only_round_trip(tmp_path):
    seed_everything(5)
    latent = torch.Generator().manual_seed(9)
    _draw(latent)
    torch.save(capture_rng(latent=latent), tmp_path / "rng.pt")
    expected = _draw(latent)
    _draw(latent)
    restore_rng(torch.load(tmp_path / "rng.pt", weights_only=True), latent=latent)
    assert _draw(latent) == expected

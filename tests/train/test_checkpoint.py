import random

import pytest
import torch

from calligan.errors import CalliganError
from calligan.train.checkpoint import load_checkpoint, save_checkpoint


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

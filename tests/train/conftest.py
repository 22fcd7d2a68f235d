"""CPU-sized train params for the engine's tests (the tiny dataset is the suite's, in tests/conftest.py)."""

from __future__ import annotations

import dataclasses

import pytest

from calligan.config.train import TrainParams


@pytest.fixture(autouse=True)
def _tiny_nets(one_torch_thread):
    """Every test here trains width-8 nets."""


@pytest.fixture
def tiny_params(tiny_dataset, tmp_path):
    """Params for a run in `tmp_path/<name>`: width 8, batch 8, a few steps, no Inception evaluation
    (the default evaluates every 1,000 steps and at the end), no held-out pack (evaluations score
    against the training images); overrides as keywords."""

    def make(name: str = "run", **overrides) -> TrainParams:
        base = TrainParams(data=str(tiny_dataset), width=8, batch_size=8, steps=4, checkpoint_every=2,
                           sample_every=2, log_every=1, grid_samples=4, device="cpu", eval_every=0,
                           models_dir=str(tmp_path / name / "models"), reports_dir=str(tmp_path / name / "reports"),
                           heldout=str(tmp_path / "no-heldout.npz"))
        return dataclasses.replace(base, **overrides)

    return make


@pytest.fixture
def without_pytorch_fid():
    """pytorch-fid unimportable for the test, as on a GPU machine without it: `calligan.metrics` (which
    imports it as a package) is dropped from sys.modules, and put back afterwards as it was."""
    import sys

    kept = {name: module for name, module in sys.modules.items()
            if name == "pytorch_fid" or name.startswith(("pytorch_fid.", "calligan.metrics"))}
    for name in kept:
        del sys.modules[name]
    sys.modules["pytorch_fid"] = None  # makes `import pytorch_fid` raise ImportError
    yield
    for name in [name for name in sys.modules if name == "pytorch_fid" or name.startswith("calligan.metrics")]:
        del sys.modules[name]
    sys.modules.update(kept)

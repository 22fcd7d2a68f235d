"""The evaluate stage on tiny drawn data: every section present, counts stated, errors one line."""

import dataclasses
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from calligan.cli import main
from calligan.config import Params
from calligan.errors import CalliganError
from calligan.evaluate import stage
from calligan.evaluate.outputs import neighbours_path
from calligan.io.npz import save_npz
from calligan.metrics.glyphs import glyph_structure
from calligan.metrics.similarity import ssim


def _glyphs(count: int, size: int, seed: int) -> np.ndarray:
    """Bright strokes on dark, random ellipses and lines: enough structure for Inception and SSIM."""
    rng = np.random.default_rng(seed)
    out = np.zeros((count, size, size), dtype=np.uint8)
    for image in out:
        for _ in range(3):
            a, b = rng.integers(size // 8, size - size // 8, size=(2, 2))
            cv2.line(image, tuple(map(int, a)), tuple(map(int, b)), 255, max(1, size // 16))
        center = tuple(int(v) for v in rng.integers(size // 4, 3 * size // 4, size=2))
        cv2.ellipse(image, center, (size // 6, size // 10), int(rng.integers(180)), 0, 360, 255, max(1, size // 20))
    return out


@pytest.fixture
def scored_config(tmp_path, fid_weights) -> Params:
    real = _glyphs(16, 32, seed=0)
    save_npz(tmp_path / "dataset.npz", {"images": real, "labels": np.arange(16) % 4})
    save_npz(tmp_path / "reference.npz", {"images": _glyphs(16, 64, seed=0)})  # the training images at 64 px
    heldout = _glyphs(20, 32, seed=1)  # 2 x samples: the floor at N
    save_npz(tmp_path / "heldout_raw.npz", {"images": heldout})
    save_npz(tmp_path / "heldout.npz", {"images": np.stack([cv2.resize(image, (64, 64)) for image in heldout])})
    raw = _glyphs(14, 32, seed=2)
    save_npz(tmp_path / "raw.npz", {"images": raw})
    upscaled = np.stack([cv2.resize(image, (64, 64), interpolation=cv2.INTER_NEAREST) for image in raw])
    save_npz(tmp_path / "images.npz", {"images": upscaled})
    params = dict(
        generated=str(tmp_path / "images.npz"),
        generated_raw=str(tmp_path / "raw.npz"),
        heldout=str(tmp_path / "heldout.npz"),
        heldout_raw=str(tmp_path / "heldout_raw.npz"),
        reference=str(tmp_path / "reference.npz"),
        real=str(tmp_path / "dataset.npz"),
        out=str(tmp_path / "reports" / "metrics.json"),
        samples=10,
        copy_samples=12,  # fewer than the 14 generated: neighbours.json must map the subset back
        batch_size=10,
        device="cpu",
        fid_weights=str(fid_weights),
        cache_dir=str(tmp_path / "cache"),
        kid_subsets=5,
        ssim_pairs=20,
        classifier=False,
    )
    config = Params()
    return dataclasses.replace(config, evaluate=dataclasses.replace(config.evaluate, **params))


@pytest.mark.slow
def test_metrics_at_both_sizes_with_counts(scored_config):
    metrics = stage.run(scored_config, progress=False)
    assert metrics["export"]["image_size"] == 64 and metrics["raw"]["image_size"] == 32
    for section in ("export", "raw", "export_train"):
        fid = metrics[section]["fid"]
        assert fid["real_count"] == 10 and fid["fake_count"] == 10 and fid["fid"] > 0
        assert metrics[section]["reference"] == ("train" if section == "export_train" else "heldout")
        # the held-out packs hold 2 x 10 images, the training set only 16: there the floor is of halves
        assert metrics[section]["fid_floor"]["count"] == {"export": 10, "raw": 10, "export_train": 5}[section]
        assert metrics[section]["kid"]["subsets"] == 5 and metrics[section]["kid"]["subset_size"] == 5
        assert 0 <= metrics[section]["prdc"]["precision"] <= 1
    assert metrics["export"]["ssim_diversity"]["fake_count"] == 12
    assert metrics["glyphs"]["count"] == {"generated": 14, "real": 20}  # every image: fewer than glyph_samples
    assert metrics["glyphs_raw"]["count"] == {"generated": 14, "real": 20}
    assert metrics["glyphs"]["specks"]["image_share"]["real"] == glyph_structure(
        np.load(scored_config.evaluate.generated)["images"], np.load(scored_config.evaluate.heldout)["images"]
    )["specks"]["image_share"]["real"]
    assert metrics["copies"]["memorisation"]["train_count"] == 16
    assert metrics["copies"]["memorisation"]["fake_count"] == 12
    assert "closest" not in metrics["copies"]["memorisation"] and "closest" not in metrics["copies"]["near_duplicates"]
    assert "classifier" not in metrics
    summary = metrics["summary"]
    assert summary["fid"] == metrics["export"]["fid"]["fid"] and summary["reference"] == "heldout"
    assert summary["fid_train"] == metrics["export_train"]["fid"]["fid"] != summary["fid"]
    assert "10 of 14 generated" in summary["note"] and "10 of 20 held-out real images" in summary["note"]
    assert list(Path(scored_config.evaluate.cache_dir).glob("real-features-*.npz"))
    _assert_neighbours_index_the_packs(scored_config)


def _assert_neighbours_index_the_packs(config: Params) -> None:
    """Each listed pair's SSIM, recomputed from the images its indices name in raw.npz and dataset.npz."""
    params = config.evaluate
    neighbours = json.loads(neighbours_path(params.out).read_text(encoding="utf-8"))
    raw, train = np.load(params.generated_raw)["images"], np.load(params.real)["images"]
    assert len(neighbours["memorisation"]) == len(neighbours["near_duplicates"]) == stage.PICTURED_PAIRS
    for pair in neighbours["memorisation"]:
        assert ssim(raw[pair["generated"]], train[pair["train"]]) == pytest.approx(pair["ssim"])
    for pair in neighbours["near_duplicates"]:
        assert ssim(raw[pair["generated"]], raw[pair["generated_other"]]) == pytest.approx(pair["ssim"])
    assert [p["rms"] for p in neighbours["memorisation"]] == sorted(p["rms"] for p in neighbours["memorisation"])


@pytest.mark.slow
def test_cli_writes_metrics_json(scored_config, tmp_path, monkeypatch):
    params_file = tmp_path / "params.yaml"
    lines = ["evaluate:"] + [f"  {key}: {json.dumps(value)}" for key, value in dataclasses.asdict(scored_config.evaluate).items()]
    params_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["evaluate", "--params", str(params_file), "--no-progress"]) == 0
    written = json.loads((tmp_path / "reports" / "metrics.json").read_text(encoding="utf-8"))
    assert written["summary"]["scored_fake_count"] == 10


@pytest.mark.slow
def test_without_held_out_images_every_figure_is_against_the_training_images_and_says_so(scored_config, tmp_path):
    for name, size in (("heldout.npz", 64), ("heldout_raw.npz", 32)):
        save_npz(tmp_path / name, {"images": np.zeros((0, size, size), np.uint8)})  # prepare.holdout: false
    metrics = stage.run(scored_config, progress=False)
    assert metrics["summary"]["reference"] == metrics["export"]["reference"] == metrics["raw"]["reference"] == "train"
    assert "export_train" not in metrics and "fid_train" not in metrics["summary"]
    assert "prepare.holdout is false" in metrics["summary"]["note"]
    assert metrics["glyphs"]["count"]["real"] == 16 and metrics["glyphs_raw"]["count"]["real"] == 16
    assert metrics["raw"]["fid"]["real_count"] == 10 and metrics["raw"]["fid_floor"]["count"] == 5  # 16 training images


def test_missing_generated_set_is_one_clear_error(scored_config):
    missing = dataclasses.replace(scored_config.evaluate, generated="nowhere/images.npz")
    with pytest.raises(CalliganError, match=r"nowhere/images.npz: generated images not found; run `calligan generate`"):
        stage.run(dataclasses.replace(scored_config, evaluate=missing), progress=False)

import json
import time

import cv2
import numpy as np
import pandas as pd
import pytest

from calligan.cli import main


def _character_png(path, thickness):
    page = np.full((150, 130), 235, np.uint8)  # dark ink on light paper, like the competition data
    cv2.line(page, (30, 50), (100, 48), 20, thickness)
    cv2.line(page, (65, 25), (66, 125), 20, thickness)
    cv2.circle(page, (35, 95), thickness, 20, -1)
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), page)


@pytest.fixture
def params_file(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("prepare:\n  image_size: 32\n  reference_size: 32\n  workers: 1\n", encoding="utf-8")
    return path


def test_cli_prepares_a_folder(tmp_path, params_file):
    for i, label in enumerate(["一", "二"]):
        _character_png(tmp_path / "src" / label / "1.png", 6 + 3 * i)
    code = main(["prepare", "--params", str(params_file), "--source", str(tmp_path / "src"), "--out", str(tmp_path / "out"), "--no-progress"])
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "classes.json", "dataset.npz", "heldout.npz", "heldout_32.npz", "manifest.csv", "reference_32.npz", "rejects.png",
        "summary.json"]
    with np.load(tmp_path / "out" / "dataset.npz") as packed, np.load(tmp_path / "out" / "heldout.npz") as held:
        assert packed["images"].shape == (2, 32, 32) and held["images"].shape == (0, 32, 32)  # one image a class: none spared


def test_a_relative_source_is_found_from_dvc_root_and_recorded_as_given(tmp_path, params_file, monkeypatch):
    # A queued DVC experiment runs in a copy of the repository; DVC_ROOT names the original one.
    for i, label in enumerate(["一", "二"]):
        _character_png(tmp_path / "shared" / label / "1.png", 6 + 3 * i)
    copy = tmp_path / "repo" / ".dvc" / "tmp" / "exps" / "tmp123"
    copy.mkdir(parents=True)
    monkeypatch.chdir(copy)
    monkeypatch.setenv("DVC_ROOT", str(tmp_path / "repo"))
    assert main(["prepare", "--params", str(params_file), "--source", "../shared", "--out", "out", "--no-progress"]) == 0
    summary = json.loads((copy / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["source"] == "../shared" and summary["status"] == {"kept": 2}


def test_cli_reports_an_unusable_source_in_one_line(tmp_path, params_file, capsys):
    code = main(["prepare", "--params", str(params_file), "--source", str(tmp_path / "nothing"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err
    assert err.startswith("calligan prepare: error: source ") and "does not exist" in err


def test_cli_rejects_a_bad_polarity(tmp_path, params_file, capsys):
    code = main(["prepare", "--params", str(params_file), "--set", "prepare.polarity=upside-down"])
    assert code == 2 and "prepare.polarity" in capsys.readouterr().err


@pytest.mark.slow
def test_real_cccr_zip(shared_data, tmp_path):
    out = tmp_path / "out"
    started = time.perf_counter()
    code = main(["prepare", "--params", str(tmp_path / "absent" / "params.yaml"), "--source", str(shared_data / "cccr-calligraphy.zip"), "--out", str(out), "--no-progress"])
    seconds = time.perf_counter() - started
    assert code == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    manifest = pd.read_csv(out / "manifest.csv", keep_default_na=False)
    assert len(manifest) == summary["inputs"] == 17_856
    assert sum(summary["status"].values()) == 17_856
    assert manifest.groupby("split").size().to_dict() == {"train": 15_856, "validation": 2_000}
    kept = summary["status"]["kept"]
    assert summary["status"].get("unreadable", 0) == 0
    assert 17_856 - kept < 0.02 * 17_856
    held = summary["subset"]["heldout"]
    assert summary["subset"] == {"train": kept - held, "heldout": held} and 1_900 < held <= 2_000  # validation/
    assert summary["holdout"] == "the source's validation/ folder"
    with np.load(out / "dataset.npz") as packed, np.load(out / "reference_128.npz") as reference, \
            np.load(out / "heldout_128.npz") as heldout:
        assert packed["images"].shape == (kept - held, 64, 64) and reference["images"].shape == (kept - held, 128, 128)
        assert heldout["images"].shape == (held, 128, 128) and set(heldout["labels"]) == set(range(100))
        assert len(packed["classes"]) == 100 and packed["labels"].max() == 99
        corners = packed["images"][:, [0, 0, -1, -1], [0, -1, 0, -1]]
        assert np.median(corners) == 0  # ink bright on a black background
    rows = manifest.set_index("path")
    # Byte-identical copies in the zip, one of them a validation file repeating a training file.
    for copy, original in (("train/个/151.png", "train/个/148.png"), ("train/这/17.png", "train/这/12.png"),
                           ("validation/样/1.png", "train/样/59.png")):
        assert (rows.at[copy, "status"], rows.at[copy, "reason"], rows.at[copy, "duplicate_of"]) == \
            ("rejected", "duplicate", original), copy
        assert rows.at[original, "status"] == "kept"
    # Clean characters the dirt rules once rejected (docs/prepare_dirt.md): a boxy 個 and a long-stroked 道.
    assert rows.at["train/个/152.png", "status"] == rows.at["train/道/132.png", "status"] == "kept"
    print(f"cccr: kept {kept}, reasons {summary['reason']}, {seconds:.1f} s")

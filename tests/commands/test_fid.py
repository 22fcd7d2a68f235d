"""`calligan fid` against `python -m pytorch_fid` on the same folders, offline, and its error lines."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from calligan import cli
from calligan.io.npz import save_npz
from calligan.metrics import features
from calligan.metrics.features import ENV_VAR, InceptionFeatures
from calligan.metrics.fid import load_image_set
from calligan.metrics.stats import cached_real_features

# Runs pytorch-fid's CLI with every socket connection refused, so "offline" is checked, not assumed.
_OFFLINE_PYTORCH_FID = (
    "import runpy, socket\n"
    "def refuse(*a, **k): raise OSError('network use in an offline test')\n"
    "socket.socket.connect = refuse\n"
    "runpy.run_module('pytorch_fid', run_name='__main__')\n"
)


def _refuse(*args, **kwargs):
    raise AssertionError("calligan fid tried to open a network connection")


@pytest.fixture(autouse=True)
def offline_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No network, no $CALLIGAN_FID_WEIGHTS, and a folder without params.yaml (all defaults)."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def calligraphy(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two disjoint folders of 12 real two-valued validation PNGs each."""
    root = tmp_path_factory.mktemp("calligraphy")
    with zipfile.ZipFile(shared_data / "cccr-calligraphy.zip") as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("validation/") and n.endswith(".png"))
        for index, name in enumerate(names[::80][:24]):
            folder = root / "ab"[index % 2]
            folder.mkdir(exist_ok=True)
            (folder / f"{index}.png").write_bytes(archive.read(name))
    return root / "a", root / "b"


def _calligan_fid(*argv: str, capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    code = cli.main(["fid", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _fid_value(stdout: str) -> float:
    line = next(line for line in stdout.splitlines() if line.startswith("FID:"))
    return float(line.split(":", 1)[1])


@pytest.mark.slow
def test_fid_agrees_with_pytorch_fids_cli_on_the_same_images(calligraphy, fid_torch_home, monkeypatch, capsys, tmp_path):
    """Folder A against B read two ways by calligan (folder, packed .npz) and as folders by pytorch-fid."""
    folder_a, folder_b = calligraphy
    monkeypatch.setenv("TORCH_HOME", str(fid_torch_home))
    packed_b = tmp_path / "b.npz"
    images_b = [np.asarray(Image.open(file)) for file in sorted(folder_b.glob("*.png"))]
    save_npz(packed_b, {"images": np.stack(images_b)})
    code, out, _ = _calligan_fid(str(folder_a), str(packed_b), "--device", "cpu", capsys=capsys)
    assert code == 0
    ours = _fid_value(out)

    env = os.environ | {"TORCH_HOME": str(fid_torch_home)}
    command = [sys.executable, "-c", _OFFLINE_PYTORCH_FID, str(folder_a), str(folder_b), "--device", "cpu", "--num-workers", "0"]
    theirs = _fid_value(subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout)

    assert ours > 10
    assert ours == pytest.approx(theirs, rel=1e-3)


@pytest.mark.slow
def test_statistics_are_pytorch_fids_saved_statistics(calligraphy, fid_torch_home, monkeypatch, tmp_path):
    """The real-feature file evaluate keeps (calligan's own reading, network and statistics) against
    `python -m pytorch_fid --save-stats` on the same folder and weights: mean and covariance to 1e-5."""
    folder_a, _ = calligraphy
    monkeypatch.setenv("TORCH_HOME", str(fid_torch_home))
    extract = InceptionFeatures(device="cpu", progress=False)
    cached_real_features(load_image_set(folder_a), extract=extract, cache_dir=tmp_path / "ours")
    [ours] = (tmp_path / "ours").glob("*.npz")

    theirs = tmp_path / "theirs.npz"
    env = os.environ | {"TORCH_HOME": str(fid_torch_home)}
    command = [sys.executable, "-c", _OFFLINE_PYTORCH_FID, "--save-stats", str(folder_a), str(theirs),
               "--device", "cpu", "--num-workers", "0"]
    subprocess.run(command, env=env, capture_output=True, text=True, check=True)

    with np.load(ours) as a, np.load(theirs) as b:
        for key in ("mu", "sigma"):
            assert a[key].dtype == b[key].dtype == np.float64 and a[key].shape == b[key].shape
            # float32 summation order differs (channels_last, the folded gray channel); pytorch-fid's own
            # net fed RGB by calligan differs as much. README gives the measured gap.
            assert np.linalg.norm(a[key] - b[key]) <= 1e-5 * np.linalg.norm(b[key]), key


def _one_line_error(code: int, err: str) -> str:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("calligan fid: error: ")
    return lines[0]


def test_too_few_images_is_one_line_naming_the_counts(calligraphy, capsys, tmp_path):
    lonely = tmp_path / "one"
    lonely.mkdir()
    (lonely / "0.png").write_bytes(next(calligraphy[0].glob("*.png")).read_bytes())
    code, _, err = _calligan_fid(str(calligraphy[0]), str(lonely), capsys=capsys)
    line = _one_line_error(code, err)
    assert "FID needs at least 2 images in" in line and "got 1" in line


def test_a_resolution_mismatch_is_one_line(calligraphy, capsys, tmp_path):
    small = np.zeros((2, 64, 64), np.uint8)
    save_npz(tmp_path / "small.npz", {"images": small})
    code, _, err = _calligan_fid(str(calligraphy[0]), str(tmp_path / "small.npz"), capsys=capsys)
    line = _one_line_error(code, err)
    assert "128x128" in line and "64x64" in line


def test_missing_weights_is_one_line_naming_the_fix(calligraphy, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "empty-torch"))
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == features.BUNDLED_PACKAGE else real_find_spec(name, *a)
    )
    code, _, err = _calligan_fid(str(calligraphy[0]), str(calligraphy[1]), capsys=capsys)
    line = _one_line_error(code, err)
    assert "--weights" in line and ENV_VAR in line


def test_only_the_2048_feature_dims_are_offered(calligraphy):
    with pytest.raises(SystemExit):
        cli.main(["fid", str(calligraphy[0]), str(calligraphy[1]), "--dims", "768"])

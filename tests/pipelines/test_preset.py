from pathlib import Path

import pytest

from calligan.errors import CalliganError
from pipelines.preset import main, read_preset

PARAMS = "train:\n  steps: 4\n"


def _files(tmp_path: Path, preset: str) -> tuple[Path, Path]:
    (tmp_path / "params.yaml").write_text(PARAMS)
    (tmp_path / "preset.yaml").write_text(preset)
    return tmp_path / "preset.yaml", tmp_path / "params.yaml"


def test_a_preset_is_its_leaves_as_dotted_overrides(tmp_path: Path):
    preset, params = _files(tmp_path, "train:\n  steps: 9\n  betas: [0.5, 0.9]\nprepare:\n  dirt:\n    min_contrast: 30\n")
    assert read_preset(preset, params=params) == {
        "train.steps": 9, "train.betas": [0.5, 0.9], "prepare.dirt.min_contrast": 30,
    }


@pytest.mark.parametrize("text, message", [
    ("train:\n  stepz: 9\n", "params.train.stepz: unknown key"),
    ("train:\n  device: tpu\n", "params.train.device: 'tpu' is not one of"),
])
def test_a_key_or_value_calligan_refuses_is_refused_by_name(tmp_path: Path, text, message):
    preset, params = _files(tmp_path, text)
    with pytest.raises(CalliganError, match=message):
        read_preset(preset, params=params)


def test_main_prints_nul_separated_dvc_arguments(tmp_path: Path, monkeypatch, capsys):
    _files(tmp_path, "train:\n  steps: 9\n  device: cuda\n")
    monkeypatch.chdir(tmp_path)
    assert main(["preset.yaml"]) == 0
    assert capsys.readouterr().out.split("\0") == ["-S", "train.steps=9", "-S", 'train.device="cuda"']
    assert main(["missing.yaml"]) == 2
    assert capsys.readouterr().err.strip() == "pipelines.preset: error: missing.yaml: preset file not found"

"""train, generate and evaluate say first where they compute; `device: cuda` without CUDA stops them at once."""

import pytest
import torch

from calligan.cli import main

# Each stage pointed at inputs that do not exist: whatever it prints or refuses comes before reading them.
STAGES = {
    "train": ("train.device", ["--set", "train.data=absent/dataset.npz"]),
    "generate": ("generate.device", ["--set", "generate.generator_file=absent/generator.pt"]),
    "evaluate": ("evaluate.device", ["--set", "evaluate.generated=absent/images.npz"]),
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "params.yaml").write_text("", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("stage", STAGES)
def test_the_first_line_names_device_precision_and_versions(stage, project, capsys):
    setting, missing = STAGES[stage]
    assert main([stage, "--set", f"{setting}=cpu", *missing]) == 2
    captured = capsys.readouterr()
    cuda = f"CUDA {torch.version.cuda}" if torch.version.cuda else "no CUDA (CPU build)"
    assert captured.out.splitlines()[0] == f"calligan {stage}: device cpu, float32, torch {torch.__version__}, {cuda}"
    assert "absent" in captured.err  # the stage went on to its inputs after the line


@pytest.mark.parametrize("stage", STAGES)
def test_cuda_asked_for_and_absent_is_one_line_before_anything_is_read(stage, project, capsys, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    setting, missing = STAGES[stage]
    assert main([stage, "--set", f"{setting}=cuda", *missing]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"calligan {stage}: error: {setting}=cuda but no CUDA device is visible; use {setting}=auto or cpu"
    ]


def test_evaluate_checks_the_classifier_device_too(project, capsys, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    _, missing = STAGES["evaluate"]
    code = main(["evaluate", "--set", "evaluate.device=cpu", "--set", "evaluate.classifier=true",
                 "--set", "classifier.device=cuda", *missing])
    assert code == 2 and "classifier.device=cuda but no CUDA device is visible" in capsys.readouterr().err


def test_train_says_bf16_autocast_when_asked_on_the_cpu(project, capsys):
    assert main(["train", "--set", "train.device=cpu", "--set", "train.amp=bf16", *STAGES["train"][1]]) == 2
    assert capsys.readouterr().out.startswith("calligan train: device cpu, bfloat16 autocast, torch ")

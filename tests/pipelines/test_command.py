import os
from pathlib import Path

import pytest

from pipelines.command import apply_overrides, save_command, set_param_args, stage_command, stage_environment


def test_a_stage_is_a_plain_repro_with_upstream():
    assert stage_command(stage="train") == ["dvc", "repro", "train"]


def test_a_run_is_saved_as_one_named_experiment():
    assert save_command(name="calm-otter") == ["dvc", "exp", "save", "-n", "calm-otter"]


def test_overrides_are_dvc_set_param_arguments_with_json_values():
    assert set_param_args({"train.steps": 5, "prepare.out": "data/x y", "a.b": [1, 2]}) == [
        "-S", "train.steps=5", "-S", 'prepare.out="data/x y"', "-S", "a.b=[1, 2]",
    ]


def test_overrides_are_written_into_params_yaml_keeping_its_comments(tmp_path: Path):
    (tmp_path / "params.yaml").write_text("# the knobs\ntrain:\n  steps: 4  # generator steps\n  out: a\n")
    apply_overrides(repo=tmp_path, overrides={"train.steps": 9, "train.out": "data/x y"})
    assert (tmp_path / "params.yaml").read_text() == (
        "# the knobs\ntrain:\n  steps: 9  # generator steps\n  out: data/x y\n"
    )


def test_an_override_of_a_key_params_yaml_lacks_is_refused(tmp_path: Path):
    (tmp_path / "params.yaml").write_text("train:\n  steps: 4\n")
    with pytest.raises(ValueError, match="train.stepz=9: Could not override 'train.stepz'"):
        apply_overrides(repo=tmp_path, overrides={"train.stepz": 9})
    assert (tmp_path / "params.yaml").read_text() == "train:\n  steps: 4\n"


@pytest.mark.parametrize("key", ["steps", "train.", "train steps", "params.yaml:train.steps"])
def test_override_keys_must_be_group_dot_key(key):
    with pytest.raises(ValueError, match="group.key"):
        set_param_args({key: 1})


def test_environment_puts_this_interpreters_bin_first_and_silences_analytics():
    env = stage_environment({"PATH": "/usr/bin", "TQDM_MININTERVAL": "1"})
    first = env["PATH"].split(os.pathsep)[0]
    assert os.path.exists(os.path.join(first, "dvc"))
    assert env["PATH"].endswith("/usr/bin")
    assert env["DVC_NO_ANALYTICS"] == "1"
    assert env["TQDM_MININTERVAL"] == "1"

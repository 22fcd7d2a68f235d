import os

import pytest

from pipelines.command import set_param_args, stage_command, stage_environment


def test_without_overrides_a_stage_is_a_plain_repro_with_upstream():
    assert stage_command(stage="train", overrides={}) == ["dvc", "repro", "train"]


def test_overrides_make_an_experiment_with_json_values():
    argv = stage_command(stage="train", overrides={"train.steps": 5, "prepare.out": "data/x y", "a.b": [1, 2]})
    assert argv == [
        "dvc", "exp", "run",
        "-S", "train.steps=5", "-S", 'prepare.out="data/x y"', "-S", "a.b=[1, 2]",
        "train",
    ]


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

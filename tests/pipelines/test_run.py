from pathlib import Path

import pytest

from pipelines.run import main, parse_sets


def test_sets_are_read_as_yaml_values():
    assert parse_sets(["train.steps=5", "prepare.out=data/x", "train.betas=[0.0, 0.9]", "a.b="]) == {
        "train.steps": 5,
        "prepare.out": "data/x",
        "train.betas": [0.0, 0.9],
        "a.b": "",
    }


def test_a_set_without_equals_is_refused():
    with pytest.raises(SystemExit, match="expected group.key=value"):
        parse_sets(["train.steps"])


def test_a_failed_flow_exits_1_with_one_line(prefect_api, project_files: Path, capsys):
    assert main(["--stages", "evaluate", "--repo", str(project_files)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("pipelines.run: error: ")
    assert "unknown stage 'evaluate'" in err[-1]

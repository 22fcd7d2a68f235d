from dataclasses import dataclass, field
from typing import Literal

import pytest

from calligan.config import Params, load_params, parse_override
from calligan.config.loader import build_dataclass
from calligan.errors import CalliganError


@dataclass(frozen=True)
class Inner:
    size: int = 64
    rate: float = 0.5
    mode: Literal["auto", "off"] = "auto"
    tags: list[str] = field(default_factory=list)
    betas: tuple[float, float] = (0.0, 0.9)
    limit: int | None = None
    on: bool = False


def test_defaults_when_params_file_is_absent(tmp_path):
    assert load_params(tmp_path / "params.yaml") == Params()


def test_yaml_and_overrides_are_applied_in_order(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("prepare:\n  image_size: 128\n  out: somewhere\n", encoding="utf-8")
    config = load_params(path, ["prepare.image_size=32", "prepare.image_size=48"])
    assert config.prepare.image_size == 48
    assert config.prepare.out == "somewhere"


def test_unknown_key_names_it_and_lists_valid_keys(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("prepare:\n  imagesize: 128\n", encoding="utf-8")
    with pytest.raises(CalliganError) as err:
        load_params(path)
    message = str(err.value)
    assert "params.prepare.imagesize: unknown key" in message
    assert "image_size" in message and "source" in message


def test_unknown_group_is_rejected():
    with pytest.raises(CalliganError, match=r"params\.trian: unknown key; valid keys are: .*prepare"):
        load_params(None, ["trian.steps=3"])


def test_wrong_type_names_key_and_expected_type():
    with pytest.raises(CalliganError, match=r"params\.prepare\.image_size: expected int, got 'big'"):
        load_params(None, ["prepare.image_size=big"])


def test_dataclass_validation_errors_become_one_line():
    with pytest.raises(CalliganError, match="image_size must be at least 8"):
        load_params(None, ["prepare.image_size=2"])


def test_type_coercion_rules():
    built = build_dataclass(
        Inner, {"rate": 1, "mode": "off", "tags": ["a"], "betas": [0.5, 0.9], "limit": 3, "on": True}, "x"
    )
    assert built == Inner(rate=1.0, mode="off", tags=["a"], betas=(0.5, 0.9), limit=3, on=True)
    assert isinstance(built.rate, float)
    for bad, pattern in [
        ({"mode": "sometimes"}, r"x\.mode: 'sometimes' is not one of 'auto', 'off'"),
        ({"size": True}, r"x\.size: expected an integer"),
        ({"on": "yes"}, r"x\.on: expected true or false"),
        ({"betas": [0.5]}, r"x\.betas: expected 2 items"),
        ({"tags": [1]}, r"x\.tags\[0\]: expected str"),
        ({"limit": "many"}, r"x\.limit: 'many' is not int or null"),
        ({"rate": "1e-3x"}, r"x\.rate: expected float"),
    ]:
        with pytest.raises(CalliganError, match=pattern):
            build_dataclass(Inner, bad, "x")


@pytest.mark.parametrize("text", ["prepare.image_size", "=3", "prepare..x=1"])
def test_malformed_override(text):
    with pytest.raises(CalliganError, match="expected group.key=value"):
        parse_override(text)


def test_unparsable_override_value_is_one_line():
    with pytest.raises(CalliganError, match="not valid YAML"):
        parse_override("train.betas=[0.0,")


def test_exponent_floats_that_yaml_reads_as_strings_are_floats():
    # PyYAML loads `1e-3` (no dot) as a string; a float setting takes it as the number it means
    assert parse_override("train.lr_g=1e-3") == (["train", "lr_g"], "1e-3")
    assert load_params(None, ["train.lr_g=1e-3", "train.lr_d=2E-4"]).train.lr_g == pytest.approx(1e-3)
    assert build_dataclass(Inner, {"rate": "-5e+2"}, "x").rate == -500.0
    with pytest.raises(CalliganError, match=r"x\.size: expected int, got '1e3'"):
        build_dataclass(Inner, {"size": "1e3"}, "x")


def test_override_values_are_yaml_scalars():
    assert parse_override("train.betas=[0.0, 0.9]") == (["train", "betas"], [0.0, 0.9])
    assert parse_override("train.compile=true") == (["train", "compile"], True)


def test_invalid_yaml_is_one_line(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("prepare: [unclosed\n", encoding="utf-8")
    with pytest.raises(CalliganError, match="not valid YAML"):
        load_params(path)


def test_missing_explicit_params_file(tmp_path):
    with pytest.raises(CalliganError, match="params file not found"):
        load_params(tmp_path / "custom.yaml")


def test_repository_params_yaml_is_valid(repo_root):
    load_params(repo_root / "params.yaml")

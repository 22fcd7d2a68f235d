"""params.yaml is the complete, true list of knobs: every field of every group, at its default."""

import dataclasses
import typing

import yaml

from calligan.config import Params, load_params


def _field_keys(cls: type, prefix: str = "") -> set[str]:
    hints = typing.get_type_hints(cls)
    keys = set()
    for field in dataclasses.fields(cls):
        if dataclasses.is_dataclass(hints[field.name]):
            keys |= _field_keys(hints[field.name], f"{prefix}{field.name}.")
        else:
            keys.add(f"{prefix}{field.name}")
    return keys


def _yaml_keys(tree: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, value in tree.items():
        if isinstance(value, dict):
            keys |= _yaml_keys(value, f"{prefix}{key}.")
        else:
            keys.add(f"{prefix}{key}")
    return keys


def test_params_yaml_lists_every_field_of_every_group(repo_root):
    listed = _yaml_keys(yaml.safe_load((repo_root / "params.yaml").read_text(encoding="utf-8")))
    fields = _field_keys(Params)
    assert not fields - listed, f"missing from params.yaml: {sorted(fields - listed)}"
    assert not listed - fields, f"not a field: {sorted(listed - fields)}"


def test_params_yaml_values_are_the_dataclass_defaults(repo_root):
    loaded = load_params(repo_root / "params.yaml")
    for group in dataclasses.fields(Params):
        assert getattr(loaded, group.name) == getattr(Params(), group.name), group.name

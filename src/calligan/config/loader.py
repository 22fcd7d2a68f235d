"""Build typed dataclasses from `params.yaml` plus `--set group.key=value` overrides.

Every key is checked: an unknown key or a value of the wrong type is a `CalliganError` that names
the key and lists the valid ones, so a typo in a 40-minute run fails in the first second.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from calligan.errors import CalliganError

if TYPE_CHECKING:
    from calligan.config.params import Params

T = TypeVar("T")

# PyYAML follows YAML 1.1, where a float needs a dot: `1e-3` loads as the string "1e-3", `1.0e-3` as a
# float. The exponent form is how learning rates are written, so it is read as the float it means.
_EXPONENT_FLOAT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+")


def parse_override(text: str) -> tuple[list[str], Any]:
    """Split `group.key=value` into (["group", "key"], value); the value is read as YAML."""
    dotted, sep, raw = text.partition("=")
    if not sep or not dotted or any(not part for part in dotted.split(".")):
        raise CalliganError(f"--set {text!r}: expected group.key=value, e.g. --set train.steps=100")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        raise CalliganError(f"--set {text!r}: the value is not valid YAML; quote lists, e.g. 'train.betas=[0.0, 0.9]'") from None
    return dotted.split("."), value


def _describe(tp: Any) -> str:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return " or ".join("null" if option is type(None) else _describe(option) for option in typing.get_args(tp))
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _coerce(value: Any, tp: Any, where: str) -> Any:
    """Return `value` as type `tp`, or raise naming `where`. Ints are accepted where floats are."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(tp):
            if option is type(None) and value is None:
                return None
            try:
                return _coerce(value, option, where)
            except CalliganError:
                continue
        raise CalliganError(f"{where}: {value!r} is not {_describe(tp)}")
    if origin is typing.Literal:
        if value not in typing.get_args(tp):
            choices = ", ".join(repr(c) for c in typing.get_args(tp))
            raise CalliganError(f"{where}: {value!r} is not one of {choices}")
        return value
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            raise CalliganError(f"{where}: expected a list, got {value!r}")
        args = typing.get_args(tp)
        if origin is tuple and args and args[-1] is not Ellipsis:
            if len(args) != len(value):
                raise CalliganError(f"{where}: expected {len(args)} items, got {len(value)}")
            return tuple(_coerce(v, a, f"{where}[{i}]") for i, (v, a) in enumerate(zip(value, args)))
        item = args[0] if args else Any
        return origin(_coerce(v, item, f"{where}[{i}]") for i, v in enumerate(value))
    if dataclasses.is_dataclass(tp):
        return build_dataclass(tp, value, where)
    if tp is Any:
        return value
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp is float and isinstance(value, str) and _EXPONENT_FLOAT.fullmatch(value.strip()):
        return float(value)
    if tp is bool and not isinstance(value, bool):
        raise CalliganError(f"{where}: expected true or false, got {value!r}")
    if tp is int and isinstance(value, bool):
        raise CalliganError(f"{where}: expected an integer, got {value!r}")
    if not isinstance(value, tp):
        raise CalliganError(f"{where}: expected {_describe(tp)}, got {value!r} ({type(value).__name__})")
    return value


def build_dataclass(cls: type[T], data: Any, where: str) -> T:
    """Instantiate `cls` from a mapping, defaults filling what the mapping omits."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CalliganError(f"{where}: expected a mapping of keys, got {data!r}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        valid = ", ".join(sorted(fields))
        raise CalliganError(f"{where}.{unknown[0]}: unknown key; valid keys are: {valid}")
    kwargs = {name: _coerce(value, hints[name], f"{where}.{name}") for name, value in data.items()}
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise CalliganError(f"{where}: {exc}") from None


def _apply_override(tree: dict, keys: list[str], value: Any) -> None:
    node = tree
    for key in keys[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            raise CalliganError(f"--set {'.'.join(keys)}: {key} is not a group")
        node = child
    node[keys[-1]] = value


def load_params(path: str | Path | None = "params.yaml", overrides: typing.Sequence[str] = ()) -> "Params":
    """Read `path` (missing file = all defaults), apply overrides in order, validate everything."""
    from calligan.config.params import Params

    tree: dict = {}
    if path is not None:
        path = Path(path)
        if path.exists():
            try:
                tree = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise CalliganError(f"{path}: not valid YAML ({exc.__class__.__name__}); fix the syntax") from None
        elif path.name != "params.yaml":
            raise CalliganError(f"{path}: params file not found; pass an existing file to --params")
    for text in overrides:
        _apply_override(tree, *parse_override(text))
    return build_dataclass(Params, tree, "params")

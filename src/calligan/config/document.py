"""params.yaml written from the dataclasses: every key at its default, with the comments its field carries
in the source. The dataclass field is the one place a parameter is documented; `calligan params --yaml`
prints this, and a test keeps params.yaml equal to it."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import io
import json
import textwrap
import tokenize
import typing

import yaml

from calligan.config.params import Params

HEADER = """\
calligan parameters, one group per stage, written by `calligan params --yaml` from the dataclasses of
src/calligan/config (each key's comment is its field's there). Every key is typed and checked: a typo
is an error that lists the valid keys. Override one for a single command with --set group.key=value,
or as a DVC experiment with `dvc exp run -S group.key=value`. The defaults are sized for a 2-core CPU;
params-gpu.yaml holds the GPU preset for the real competition run."""


def params_yaml() -> str:
    """The text of params.yaml: HEADER, then every group at its defaults."""
    lines = [f"# {line}" for line in HEADER.splitlines()]
    defaults = Params()
    for number, group in enumerate(dataclasses.fields(Params)):
        lines += [""] * bool(number) + [f"{group.name}:"]
        lines += _fields(getattr(defaults, group.name), indent="  ")
    return "\n".join(lines) + "\n"


def _fields(values: object, *, indent: str) -> list[str]:
    """The keys of the dataclass instance `values`, each followed by the comment lines that follow its
    field in the source; a nested dataclass under its docstring, its keys one level in."""
    cls = type(values)
    comments = _comments(cls)
    hints = typing.get_type_hints(cls)
    lines = [f"{indent}# {text}" for text in comments.get("", ())]
    for field in dataclasses.fields(cls):
        inline, *following = comments.get(field.name, [""])
        value, nested = getattr(values, field.name), dataclasses.is_dataclass(hints[field.name])
        choices = _choices(hints[field.name])
        inline = f"{' | '.join(choices)}: {inline}" if choices else inline
        lines += [f"{indent}# {text}" for text in (_docstring(hints[field.name]) if nested else ())]
        lines.append(f"{indent}{field.name}:" + ("" if nested else f" {_flow(value)}") + (f"  # {inline}" if inline else ""))
        lines += [f"{indent}# {text}" for text in following]
        lines += _fields(value, indent=indent + "  ") if nested else []
    return lines


def _comments(cls: type) -> dict[str, list[str]]:
    """Field name -> [its trailing comment ("" without one), then the comment-only lines below it up to
    the next field]; "" -> the comment-only lines before the first field."""
    source = textwrap.dedent(inspect.getsource(cls))
    body = ast.parse(source).body[0].body
    starts = {node.lineno: node.target.id for node in body if isinstance(node, ast.AnnAssign)}
    ends = {node.end_lineno: node.target.id for node in body if isinstance(node, ast.AnnAssign)}
    methods = min((node.lineno for node in body if isinstance(node, ast.FunctionDef)), default=len(source))
    out: dict[str, list[str]] = {"": []}
    current = ""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        row = token.start[0]
        if row >= methods:  # comments inside __post_init__ and the like are no field's
            break
        if row in starts:
            current = starts[row]
            out.setdefault(current, [""])
        if token.type != tokenize.COMMENT:
            continue
        text = token.string[1:].removeprefix(" ")
        if row in ends or (row in starts and not out[current][0]):
            out[current][0] = text
        else:
            out[current].append(text)
    return out


def _choices(hint: object) -> list[str]:
    """The words a Literal type (or an Optional one) allows, as YAML writes them; none for other types."""
    if typing.get_origin(hint) is typing.Literal:
        return [_flow(value) for value in typing.get_args(hint)]
    if typing.get_origin(hint) is typing.Union:
        given = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _choices(given[0]) if len(given) == 1 else []
    return []


def _docstring(cls: type) -> list[str]:
    doc = cls.__doc__ or ""
    return [] if doc.startswith(f"{cls.__name__}(") else inspect.cleandoc(doc).splitlines()  # not dataclass's own


def _flow(value: object) -> str:
    """`value` as one line of YAML (tuples as lists), as `--params` reads it back."""
    return yaml.safe_dump([json.loads(json.dumps(value))], default_flow_style=True, allow_unicode=True, width=10**9)[1:-2]

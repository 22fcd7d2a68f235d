"""params.yaml is written from the dataclasses (`calligan params --yaml`): one owner for every default
and its documentation."""

from dataclasses import dataclass, field
from typing import Literal, Optional

import yaml

from calligan.config import Params, load_params
from calligan.config.document import _fields, params_yaml


def test_params_yaml_is_what_the_dataclasses_write(repo_root):
    assert (repo_root / "params.yaml").read_text(encoding="utf-8") == params_yaml(), \
        "params.yaml differs from its dataclasses: calligan params --yaml > params.yaml"


def test_the_written_yaml_reads_back_to_the_defaults(tmp_path):
    (tmp_path / "params.yaml").write_text(params_yaml(), encoding="utf-8")
    assert load_params(tmp_path / "params.yaml") == Params()
    assert list(yaml.safe_load(params_yaml())) == ["prepare", "classifier", "train", "generate", "evaluate", "export", "study"]


@dataclass(frozen=True)
class _Inner:
    """Inner knobs."""

    depth: int = 2  # how deep


@dataclass(frozen=True)
class _Group:
    # before any field
    name: str = "x"  # the name,
    # which goes on here
    mode: Optional[Literal["a", "b"]] = None  # a mode
    sizes: tuple[int, int] = (1, 2)
    inner: _Inner = field(default_factory=_Inner)

    def check(self) -> None:
        # a method's comment, no field's
        pass


def test_each_key_carries_its_fields_comments_choices_and_nested_groups():
    assert _fields(_Group(), indent="") == [
        "# before any field",
        "name: x  # the name,",
        "# which goes on here",
        "mode: null  # a | b: a mode",
        "sizes: [1, 2]",
        "# Inner knobs.",
        "inner:",
        "  depth: 2  # how deep",
    ]

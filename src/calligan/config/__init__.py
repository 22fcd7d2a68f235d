"""Typed configuration: one dataclass per stage group of `params.yaml`."""

from calligan.config.loader import load_params, parse_override
from calligan.config.params import Params

__all__ = ["Params", "load_params", "parse_override"]

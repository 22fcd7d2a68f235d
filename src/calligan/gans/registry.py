"""Family name -> GanFamily class, filled by the `@register(name)` decorator in each family module."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

from torch import nn

from calligan.gans.spec import ModelSpec

if TYPE_CHECKING:
    from calligan.gans.family import GanFamily

FAMILIES: dict[str, type[GanFamily]] = {}


def register(name: str):
    def decorate(cls: type[GanFamily]) -> type[GanFamily]:
        if name in FAMILIES:
            raise ValueError(f"GAN family {name!r} is registered twice")
        FAMILIES[name] = cls
        return cls

    return decorate


def family_class(name: str) -> type[GanFamily]:
    try:
        return FAMILIES[name]
    except KeyError:
        raise ValueError(f"unknown GAN family {name!r}; use one of {sorted(FAMILIES)}") from None


def build_family(spec: ModelSpec, **loss_kwargs) -> GanFamily:
    """loss_kwargs: gp_weight, clip_value, info_categorical_weight, info_continuous_weight - each family
    takes only the ones it uses; any other raises TypeError (see `loss_kwarg_names`)."""
    return family_class(spec.family)(spec, **loss_kwargs)


def loss_kwarg_names(name: str) -> tuple[str, ...]:
    """The loss keyword arguments family `name` accepts, so a caller can pass exactly those."""
    parameters = inspect.signature(family_class(name).__init__).parameters
    return tuple(p.name for p in parameters.values() if p.kind is inspect.Parameter.KEYWORD_ONLY)


def build_generator(spec: ModelSpec) -> nn.Module:
    """G alone from its spec (what sampling needs); load the saved state dict into it."""
    return family_class(spec.family).build_generator(spec)

"""Every GAN family by name: `train.model`, ModelSpec, the log's columns and the progress bar follow this list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from torch import nn

from calligan.config.train import TrainParams
from calligan.gans.bce import DcganFamily, InfoganFamily, MlpGanFamily
from calligan.gans.family import GanFamily
from calligan.gans.hinge import HingeFamily
from calligan.gans.wasserstein import WganFamily, WganGpFamily

if TYPE_CHECKING:
    from calligan.gans.spec import ModelSpec

FAMILIES: dict[str, type[GanFamily]] = {
    family.name: family for family in (MlpGanFamily, DcganFamily, InfoganFamily, WganFamily, WganGpFamily, HingeFamily)
}


def family_class(name: str) -> type[GanFamily]:
    try:
        return FAMILIES[name]
    except KeyError:
        raise ValueError(f"unknown GAN family {name!r}; use one of {list(FAMILIES)}") from None


def build_family(spec: ModelSpec, params: TrainParams = TrainParams()) -> GanFamily:
    """params: the `train:` group the family's loss settings are read from (by default, the defaults)."""
    family = family_class(spec.family)
    return family(spec, family.Settings.from_params(params))


def build_generator(spec: ModelSpec) -> nn.Module:
    """G alone from its spec (what sampling needs); load the saved state dict into it."""
    return family_class(spec.family).build_generator(spec)


def statistics() -> tuple[str, ...]:
    """Every family's statistics, each once, in the order of FAMILIES."""
    return tuple(dict.fromkeys(name for family in FAMILIES.values() for name in family.statistics))

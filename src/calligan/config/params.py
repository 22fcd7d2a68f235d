"""The whole `params.yaml`: one typed group per stage."""

from __future__ import annotations

from dataclasses import dataclass, field

from calligan.config.prepare import PrepareParams


@dataclass(frozen=True)
class Params:
    prepare: PrepareParams = field(default_factory=PrepareParams)

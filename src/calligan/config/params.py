"""The whole `params.yaml`: one typed group per stage."""

from __future__ import annotations

from dataclasses import dataclass, field

from calligan.config.export import ExportParams
from calligan.config.generate import GenerateParams
from calligan.config.prepare import PrepareParams
from calligan.config.train import TrainParams


@dataclass(frozen=True)
class Params:
    prepare: PrepareParams = field(default_factory=PrepareParams)
    train: TrainParams = field(default_factory=TrainParams)
    generate: GenerateParams = field(default_factory=GenerateParams)
    export: ExportParams = field(default_factory=ExportParams)

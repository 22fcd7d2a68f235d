"""The whole `params.yaml`: one typed group per stage."""

from __future__ import annotations

from dataclasses import dataclass, field

from calligan.config.classifier import ClassifierParams
from calligan.config.evaluate import EvaluateParams
from calligan.config.export import ExportParams
from calligan.config.generate import GenerateParams
from calligan.config.prepare import PrepareParams
from calligan.config.study import StudyParams
from calligan.config.train import TrainParams


@dataclass(frozen=True)
class Params:
    prepare: PrepareParams = field(default_factory=PrepareParams)
    classifier: ClassifierParams = field(default_factory=ClassifierParams)
    train: TrainParams = field(default_factory=TrainParams)
    generate: GenerateParams = field(default_factory=GenerateParams)
    evaluate: EvaluateParams = field(default_factory=EvaluateParams)
    export: ExportParams = field(default_factory=ExportParams)
    study: StudyParams = field(default_factory=StudyParams)

"""The evaluate stage: every metric of the generated set, at the export size and the training size."""

from calligan.evaluate.stage import evaluate

__all__ = ["evaluate"]

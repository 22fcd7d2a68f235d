"""The evaluate stage: every metric of the generated set, at the export size and the training size.

`calligan.evaluate.stage.run` runs it. This file imports nothing, so the report can read the
stage's file names (`outputs`) without loading torch and the metrics.
"""

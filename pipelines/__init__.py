"""Prefect orchestration of the DVC pipeline: one task per `dvc.yaml` stage, served for the UI.

This package sits above `src/calligan` and never the other way round: it imports Prefect, drives
the `dvc` and `calligan` command lines, and reads only small output files (metrics, the training log).
"""

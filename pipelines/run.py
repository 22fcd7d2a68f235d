"""`python -m pipelines.run [--stages S ...] [--preset FILE] [--set group.key=value ...]`: the flow
from a terminal.

Without PREFECT_API_URL the run goes to a temporary local Prefect server; with it, to that server.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from calligan.errors import CalliganError
from pipelines.flow import DEFAULT_REPO, calligraphy_pipeline
from pipelines.preset import read_preset


def parse_sets(texts: Sequence[str]) -> dict:
    """["train.steps=5"] -> {"train.steps": 5}; values are read as YAML, as `calligan --set` reads them."""
    overrides = {}
    for text in texts:
        key, sep, raw = text.partition("=")
        if not sep or not key:
            raise SystemExit(f"pipelines.run: error: --set {text!r}: expected group.key=value")
        overrides[key] = yaml.safe_load(raw) if raw.strip() else ""
    return overrides


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.run", description=calligraphy_pipeline.description)
    parser.add_argument("--stages", nargs="+", metavar="STAGE", help="stages of dvc.yaml to run (default: all)")
    parser.add_argument("--preset", type=Path, metavar="FILE",
                        help="a preset of params.yaml keys, e.g. params-gpu.yaml (--set wins over it)")
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="GROUP.KEY=VALUE",
                        help="override a parameter for this run, as a DVC experiment (repeatable)")
    parser.add_argument("--repo", default=str(DEFAULT_REPO), help="DVC project root (default: this checkout)")
    parser.add_argument("--retries", type=int, default=1, help="extra attempts for a crashed stage (default: 1)")
    parser.add_argument("--retry-delay", type=float, default=30.0, help="seconds before a retry (default: 30)")
    args = parser.parse_args(argv)
    overrides = {}
    if args.preset is not None:
        try:
            overrides = read_preset(args.preset, params=Path(args.repo) / "params.yaml")
        except CalliganError as exc:
            raise SystemExit(f"pipelines.run: error: {exc}") from None
    state = calligraphy_pipeline(
        stages=args.stages,
        overrides=overrides | parse_sets(args.sets),
        repo=args.repo,
        retries=args.retries,
        retry_delay_seconds=args.retry_delay,
        return_state=True,
    )
    if state.is_failed():
        print(f"pipelines.run: error: {state.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

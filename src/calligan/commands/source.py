"""`calligan source`: record what `prepare.source` holds as a digest DVC can compare.

prepare cannot depend on the source path itself: a queued or --temp experiment runs in a copy under
.dvc/tmp/exps, where a relative `../shared/...` does not exist. This stage runs on every repro
(`always_changed` in dvc.yaml), finds the source from the original checkout (`project_root`) and
writes its digest; prepare depends on that file, so it reruns exactly when the data changes.
"""

from __future__ import annotations

import argparse
import json

from calligan.commands import project_root
from calligan.config import Params
from calligan.data.sources import digest_source
from calligan.io.atomic import atomic_write_text

NAME = "source"
HELP = "record the digest of the dataset prepare.source names, so that DVC reruns prepare exactly when it changes"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No flags: the source is prepare.source."""


def run(config: Params, args: argparse.Namespace) -> int:
    record = {"source": config.prepare.source, **digest_source(project_root() / config.prepare.source)}
    atomic_write_text(config.prepare.source_record, json.dumps(record, indent=2) + "\n")
    return 0

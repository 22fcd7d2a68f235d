"""`calligan report`: one offline HTML page with the metrics and every figure the pipeline made."""

from __future__ import annotations

from pathlib import Path

from calligan.config.params import Params
from calligan.report.build import build_report

NAME = "report"
HELP = "write reports/index.html: metrics tables, sample grids, training GIF, losses, rejects, traversals"


def add_arguments(parser) -> None:
    parser.add_argument("--metrics", help="evaluate's metrics (default: evaluate.out)")
    parser.add_argument("--train-dir", help="training figures (default: train.reports_dir)")
    parser.add_argument("--reports-dir", help="evaluation plots (default: the folder of the metrics file)")
    parser.add_argument("--out", default="reports/index.html", help="the page to write (default: %(default)s)")


def run(params: Params, args) -> int:
    metrics = args.metrics or params.evaluate.out
    out = build_report(
        metrics=metrics,
        classifier=params.classifier.report,
        folders={
            "train": args.train_dir or params.train.reports_dir,
            "prepared": params.prepare.out,
            "reports": args.reports_dir or str(Path(metrics).parent),
        },
        out=args.out,
    )
    print(f"report: wrote {out}")
    return 0

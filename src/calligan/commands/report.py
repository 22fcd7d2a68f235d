"""`calligan report`: one offline HTML page with the metrics and every figure the pipeline made."""

from __future__ import annotations

from calligan.config.params import Params
from calligan.report.build import build_report

NAME = "report"
HELP = "write reports/index.html: metrics tables, sample grids, training GIF, losses, rejects, traversals"


def add_arguments(parser) -> None:
    parser.add_argument("--metrics", default="reports/metrics.json", help="evaluate's metrics (default: %(default)s)")
    parser.add_argument("--train-dir", default="reports/train", help="training figures (default: %(default)s)")
    parser.add_argument("--reports-dir", default="reports", help="evaluation plots (default: %(default)s)")
    parser.add_argument("--out", default="reports/index.html", help="the page to write (default: %(default)s)")


def run(params: Params, args) -> int:
    out = build_report(
        metrics=args.metrics,
        classifier=params.classifier.report,
        folders={"train": args.train_dir, "prepared": params.prepare.out, "reports": args.reports_dir},
        out=args.out,
    )
    print(f"report: wrote {out}")
    return 0

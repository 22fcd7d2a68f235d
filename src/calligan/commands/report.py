"""`calligan report`: one offline HTML page, headline numbers and pictures first, from the stages' files."""

from __future__ import annotations

from pathlib import Path

from calligan.config.params import Params
from calligan.evaluate.outputs import classes_plot_path, neighbours_path
from calligan.report.inputs import RunFiles
from calligan.study.paths import summary_paths

NAME = "report"
HELP = ("write reports/index.html: headline FID/KID/PRDC/classifier figures, real beside generated, the "
        "submission's first images, nearest neighbours, training curves, data counts, all metrics")


def add_arguments(parser) -> None:
    parser.add_argument("--metrics", help="evaluate's metrics (default: evaluate.out); neighbours.json and "
                                          "classes.png are read beside it")
    parser.add_argument("--train-dir", help="training figures (default: train.reports_dir)")
    parser.add_argument("--out", default="reports/index.html", help="the page to write (default: %(default)s)")


def run_files(config: Params, *, metrics: str | None, train_dir: str | None) -> RunFiles:
    """Where each stage wrote what the report reads; metrics and train_dir: the flags, None = config."""
    metrics = Path(metrics or config.evaluate.out)
    return RunFiles(
        metrics=metrics,
        neighbours=neighbours_path(metrics),
        classes_plot=classes_plot_path(metrics),
        classifier=Path(config.classifier.report),
        prepared=Path(config.prepare.out),
        real=Path(config.evaluate.real),
        reference=Path(config.evaluate.reference),
        generated=Path(config.evaluate.generated),
        generated_raw=Path(config.evaluate.generated_raw),
        submission=Path(config.export.out),
        train=Path(train_dir or config.train.reports_dir),
        study=summary_paths(config.study),
    )


def run(config: Params, args) -> int:
    from calligan.report import stage

    files = run_files(config, metrics=args.metrics, train_dir=args.train_dir)
    print(f"report: wrote {stage.run(files=files, out=args.out)}")
    return 0

import argparse
from pathlib import Path

from calligan.commands import report as command
from calligan.config import Params


def test_paths_come_from_params_and_flags(tmp_path):
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    args = parser.parse_args(["--metrics", str(tmp_path / "m" / "metrics.json"), "--train-dir", str(tmp_path / "t")])
    config = Params()
    files = command.run_files(config, metrics=args.metrics, train_dir=args.train_dir)
    assert files.neighbours == tmp_path / "m" / "neighbours.json" and files.classes_plot == tmp_path / "m" / "classes.png"
    assert files.train == tmp_path / "t"
    assert files.submission == Path(config.export.out) and files.generated == Path(config.evaluate.generated)
    assert files.real == Path(config.evaluate.real) and files.prepared == Path(config.prepare.out)
    defaults = command.run_files(config, metrics=None, train_dir=None)
    assert defaults.metrics == Path(config.evaluate.out) and defaults.train == Path(config.train.reports_dir)

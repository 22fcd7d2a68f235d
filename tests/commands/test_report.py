import argparse
import json
from types import SimpleNamespace

from calligan.commands import report as command
from calligan.config.classifier import ClassifierParams
from calligan.config.prepare import PrepareParams


def test_writes_the_page_from_params_and_flags(tmp_path, capsys):
    (tmp_path / "metrics.json").write_text(json.dumps({"fid": {"value": 3.25, "n_generated": 10000}}))
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    args = parser.parse_args([
        "--metrics", str(tmp_path / "metrics.json"), "--train-dir", str(tmp_path / "train"),
        "--reports-dir", str(tmp_path), "--out", str(tmp_path / "index.html"),
    ])
    params = SimpleNamespace(
        prepare=PrepareParams(out=str(tmp_path / "prepared")),
        classifier=ClassifierParams(report=str(tmp_path / "classifier.json")),
    )
    assert command.run(params, args) == 0
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<td>3.25</td>" in page and "<td>10,000</td>" in page
    assert "index.html" in capsys.readouterr().out

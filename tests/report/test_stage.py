import json
import shutil
from pathlib import Path

import pytest

from calligan.errors import CalliganError
from calligan.report import stage
from calligan.report.glossary import meaning
from calligan.report.inputs import read_json

SECTIONS = ["compare", "submission", "neighbours", "training", "data", "metrics"]


def _files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def _leaves(data: dict, path=()):
    for key, value in data.items():
        if isinstance(value, dict) and key != "mapping":
            yield from _leaves(value, (*path, key))
        else:
            yield (*path, key)


@pytest.mark.slow
def test_the_whole_page_in_reading_order_and_nothing_else_written(run_copy, tmp_path):
    before = _files(Path.cwd())
    out = tmp_path / "out"
    page = stage.run(files=run_copy, out=out / "index.html").read_text(encoding="utf-8")
    assert _files(Path.cwd()) == before and sorted(p.name for p in out.iterdir()) == ["index.html"]
    positions = [page.index(f'<section id="{name}">') for name in SECTIONS]
    assert page.index('class="cards"') < positions[0] and positions == sorted(positions)
    assert "Not available" not in page.replace("Not available: only InfoGAN runs make them", "")
    assert "<details>" in page and "http" not in page  # metrics collapsed; nothing fetched from anywhere


@pytest.mark.slow
def test_every_metric_of_a_real_run_is_explained(run_copy):
    for source in (run_copy.metrics, run_copy.classifier):
        unexplained = [".".join(path) for path in _leaves(read_json(source)) if meaning(path) is None]
        assert unexplained == [], f"{source}: add these to report/glossary.py"


@pytest.mark.slow
def test_missing_inputs_become_notes_naming_their_stage(run_copy, tmp_path):
    for path in (run_copy.submission, run_copy.neighbours, run_copy.generated):
        path.unlink()
    shutil.rmtree(run_copy.train)
    page = stage.run(files=run_copy, out=tmp_path / "index.html").read_text(encoding="utf-8")
    for writer in ("export", "evaluate", "generate"):
        assert f"run `calligan {writer}`" in page
    assert page.count("Not available: run `calligan train`") == 2  # losses and progress


def test_missing_or_broken_metrics_name_the_fix(tmp_path):
    from calligan.commands.report import run_files
    from calligan.config import Params

    files = run_files(Params(), metrics=str(tmp_path / "metrics.json"), train_dir=None)
    with pytest.raises(CalliganError, match="metrics not found; run `calligan evaluate`"):
        stage.run(files=files, out=tmp_path / "index.html")
    files.metrics.write_text("{nope")
    with pytest.raises(CalliganError, match="not valid JSON"):
        stage.run(files=files, out=tmp_path / "index.html")
    files.metrics.write_text(json.dumps([1, 2]))
    with pytest.raises(CalliganError, match="JSON object"):
        stage.run(files=files, out=tmp_path / "index.html")
    assert not (tmp_path / "index.html").exists()

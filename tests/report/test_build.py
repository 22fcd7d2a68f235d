import json
import shutil

import pytest

from calligan.errors import CalliganError
from calligan.report.build import build_report


def test_page_shows_the_given_metrics_and_figures(project):
    out = build_report(**project)
    page = out.read_text(encoding="utf-8")
    assert "<td>42.12</td>" in page and "<td>2,000</td>" in page  # fid value and its sample count
    assert "effective_classes" in page and "<td>pseudo</td>" in page
    assert "Real-data classifier" in page and "<td>3,572</td>" in page
    assert page.count("<img ") == 6  # latest grid, gif, losses, traversal, rejects, classes
    assert "http" not in page  # offline: nothing fetched from anywhere
    assert sorted(p.name for p in out.parent.iterdir() if p.is_file()) == [
        "classes.png", "classifier.json", "index.html", "metrics.json"
    ]


def test_missing_figures_are_noted_not_fatal(project):
    shutil.rmtree(project["folders"]["train"])
    page = build_report(**{**project, "classifier": None}).read_text(encoding="utf-8")
    assert page.count('<p class="note">Not available') == 4
    assert "Real-data classifier" not in page


def test_missing_or_broken_metrics_name_the_fix(project):
    with pytest.raises(CalliganError, match="run `calligan evaluate`"):
        build_report(**{**project, "metrics": project["metrics"].with_name("none.json")})
    project["metrics"].write_text("{nope")
    with pytest.raises(CalliganError, match="not valid JSON"):
        build_report(**project)
    project["metrics"].write_text(json.dumps([1, 2]))
    with pytest.raises(CalliganError, match="JSON object"):
        build_report(**project)

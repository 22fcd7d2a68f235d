"""The report of a tiny real run, rendered by headless Chromium at desktop and phone width."""

from __future__ import annotations

import pytest

from calligan.report import stage
from calligan.report.headline import format_share
from calligan.report.inputs import lookup, read_json
from calligan.report.values import format_value
from tests.report.browser import Browser

pytestmark = pytest.mark.slow

WIDTHS = (1280, 400)
HEIGHT = 900

# What the test checks, read from the rendered page.
_PROBE = """({
  images: document.images.length,
  decoded: Array.from(document.images).filter((img) => img.complete && img.naturalWidth > 0).length,
  without_alt: Array.from(document.images).filter((img) => !img.alt.trim()).length,
  not_embedded: Array.from(document.images).filter((img) => !img.src.startsWith("data:")).length,
  scroll_width: document.documentElement.scrollWidth,
  window_width: window.innerWidth,
  headline_top: document.querySelector(".cards").getBoundingClientRect().top,
  figures: Array.from(document.querySelectorAll(".figure")).map(
    (el) => [el.dataset.metric, el.dataset.value, el.textContent]),
})"""


def _expected_figures(metrics: dict) -> dict[str, str]:
    """What each headline figure must read, derived from metrics.json independently of the page."""
    plain = ["export.fid.fid", "export.fid_floor.fid_floor", "export.kid.kid_mean", "export.kid.kid_std",
             "export.prdc.precision", "export.prdc.recall", "export_train.fid.fid", "export_train.fid_floor.fid_floor",
             "glyphs.stroke_width.wasserstein_px", "glyphs.components.per_class_abs_diff"]
    plain += [f"glyphs.{row}.{side}" for row in ("specks.per_image", "components.per_glyph", "stroke_width.median_px")
              for side in ("generated", "real")]
    shares = [f"glyphs.{row}.{side}" for row in ("specks.image_share", "wide_ink_share", "grey_share")
              for side in ("generated", "real")]
    expected = {path: format_value(lookup(metrics, path)) for path in plain if lookup(metrics, path) is not None}
    expected.update({path: format_share(lookup(metrics, path)) for path in shares if lookup(metrics, path) is not None})
    expected["classifier.conditional.conditional_accuracy"] = format_share(lookup(metrics, "classifier.conditional.conditional_accuracy"))
    classes = lookup(metrics, "classifier.predicted_classes.n_classes")
    expected["classifier.predicted_classes.class_coverage"] = f"{round(lookup(metrics, 'classifier.predicted_classes.class_coverage') * classes)} of {classes}"
    return {path: text.replace("&nbsp;", "\xa0") for path, text in expected.items()}


@pytest.fixture()
def browser(tmp_path):
    opened = Browser(tmp_path / "profile")
    yield opened
    opened.close()


def test_the_page_reads_at_desktop_and_phone_width(run_copy, browser, tmp_path):
    page = stage.run(files=run_copy, out=tmp_path / "index.html")
    metrics = read_json(run_copy.metrics)
    for width in WIDTHS:
        shot = tmp_path / f"report-{width}.png"
        probe = browser.render(page.resolve().as_uri(), width=width, height=HEIGHT, script=_PROBE, screenshot=shot)
        assert probe["window_width"] == width
        assert probe["images"] >= 20 and probe["decoded"] == probe["images"], probe
        assert probe["without_alt"] == 0 and probe["not_embedded"] == 0
        assert probe["scroll_width"] <= width, f"horizontal overflow at {width} px: {probe['scroll_width']} px wide"
        assert probe["headline_top"] < HEIGHT / 4  # the headline is the first thing on the screen
        shown = {path: (value, text) for path, value, text in probe["figures"]}
        assert {path: text for path, (_, text) in shown.items()} == _expected_figures(metrics)
        assert all(float(value) == lookup(metrics, path) for path, (value, _) in shown.items())
        assert shot.stat().st_size > 10_000

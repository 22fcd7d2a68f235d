import json

from calligan.evaluate.outputs import HEADLINE, headline, headline_path, write_metrics

METRICS = {
    "summary": {"fid": 180.0, "fid_floor": 50.0, "kid": 0.17, "note": "200 of 10000"},
    "export": {"prdc": {"precision": 0.5, "recall": 0.25, "prdc_coverage": 0.2, "k": 5}},
    "glyphs": {"specks": {"image_share": {"generated": 0.3, "real": 0.01}}, "grey_share": {"generated": 0.1, "real": 0.05},
               "stroke_width": {"wasserstein_px": 1.5, "median_px": {"generated": 5.0, "real": 5.0}}},
    "classifier": {"predicted_classes": {"class_coverage": 0.97, "n_images": 10000}, "real_test": {"test_accuracy": 0.95}},
}


def test_headline_holds_the_compared_figures_named_once_and_nothing_else():
    assert headline(METRICS) == {
        "fid": 180.0, "fid_floor": 50.0, "kid": 0.17, "precision": 0.5, "recall": 0.25, "class_coverage": 0.97,
        "glyphs": {"specks": {"image_share": 0.3}, "grey_share": 0.1, "stroke_width": {"wasserstein_px": 1.5}},
    }
    assert len({name for name, _ in HEADLINE}) == len(HEADLINE)


def test_conditional_accuracy_joins_the_headline_when_the_model_has_labels():
    conditional = {**METRICS, "classifier": {"conditional": {"conditional_accuracy": 0.72, "n_images": 10000}}}
    assert headline(conditional)["conditional_accuracy"] == 0.72


def test_write_metrics_puts_every_figure_in_metrics_and_the_headline_beside_it(tmp_path):
    write_metrics(tmp_path / "metrics.json", METRICS)
    assert json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8")) == METRICS
    assert json.loads(headline_path(tmp_path / "metrics.json").read_text(encoding="utf-8")) == headline(METRICS)

import copy

import pytest

from calligan.errors import CalliganError
from calligan.report.headline import headline

METRICS = {
    "summary": {"note": "Inception metrics on 200 of 10000 generated"},
    "export": {
        "image_size": 128,
        "fid": {"fid": 120.0, "real_count": 200, "fake_count": 200},
        "fid_floor": {"fid_floor": 30.0, "count": 200},
        "kid": {"kid_mean": 0.1, "kid_std": 0.01, "subsets": 100, "subset_size": 100},
        "prdc": {"precision": 0.5, "recall": 0.25, "k": 5, "real_count": 200, "fake_count": 200},
    },
    "classifier": {
        "real_test": {"test_accuracy": 0.95},
        "predicted_classes": {"class_coverage": 0.97, "n_classes": 100, "n_images": 10000, "min_count": 1},
        "conditional": {"conditional_accuracy": 0.72, "n_images": 10000},
    },
}


def test_fid_is_read_against_the_floor_with_its_counts():
    html = headline(METRICS)
    assert "4.0 &times; the real-vs-real floor" in html and 'class="card far"' in html
    assert "200 generated vs 200 real at 128 px; floor: real vs real, 200 each" in html
    assert "97 of 100" in html and "72.0&nbsp;%" in html and "chance 1.0&nbsp;%" in html
    near = copy.deepcopy(METRICS)
    near["export"]["fid"]["fid"] = 33.0
    assert "1.1 &times;" in headline(near) and 'class="card near"' in headline(near)


def test_infogan_shows_code_agreement_not_conditional_accuracy():
    infogan = copy.deepcopy(METRICS)
    del infogan["classifier"]["conditional"]
    infogan["classifier"]["code_agreement"] = {"agreement": 0.6, "n_images": 500, "n_codes": 10, "distinct_classes": 7}
    html = headline(infogan)
    assert "Code-class agreement" in html and "Conditional accuracy" not in html
    assert "10 codes mapping to 7 classes" in html


def test_metrics_without_the_headline_values_name_the_fix():
    broken = copy.deepcopy(METRICS)
    del broken["export"]["kid"]
    with pytest.raises(CalliganError, match="metrics lack export.kid.kid_mean, export.kid.kid_std.*rerun it"):
        headline(broken)

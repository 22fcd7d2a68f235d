from calligan.report.table import metrics_table


def test_rows_carry_value_meaning_and_better_direction():
    html = metrics_table({"export": {"prdc": {"prdc_coverage": 0.5}}, "classifier": {"predicted_classes": {"class_coverage": 0.97}}})
    assert '<tr class="group"><th colspan="4" style="padding-left:0.4em">export</th></tr>' in html
    assert "real images with a generated image among their k neighbours" in html  # prdc's coverage
    assert "classes the classifier predicts at least min_count times" in html  # the classifier's coverage
    assert '<td class="value">0.97</td>' in html and "<td>higher</td>" in html


def test_infogan_code_mapping_is_one_value():
    html = metrics_table({"code_agreement": {"mapping": {"0": 3, "1": 7}}})
    assert "0 &rarr; 3, 1 &rarr; 7" in html and html.count('class="group"') == 1

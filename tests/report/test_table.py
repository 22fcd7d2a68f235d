from calligan.report.table import metrics_table


def test_nested_groups_and_leaves_become_rows():
    html = metrics_table({"fid": {"value": 12.3456, "n_generated": 5000}, "steps": 300})
    assert '<tr class="group"><th colspan="2" style="padding-left:0.4em">fid</th></tr>' in html
    assert '<th style="padding-left:1.6em">n_generated</th><td>5,000</td>' in html
    assert "<td>12.35</td>" in html and "<td>300</td>" in html

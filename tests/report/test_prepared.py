from calligan.report.prepared import prepared_data


def test_counts_by_status_and_reason_most_frequent_first(tmp_path):
    summary = {"inputs": 1000, "source": "cccr.zip", "image_size": 64, "status": {"kept": 990, "rejected": 10},
               "reason": {"stamp": 2, "duplicate": 8}, "split": {"train": 900, "validation": 90}}
    html = prepared_data(summary, tmp_path / "rejects.png")
    assert "1,000 images read from <code>cccr.zip</code>" in html
    assert html.index("duplicate") < html.index("stamp") and '<td class="value">990</td>' in html
    assert "No rejects sheet: run `calligan prepare`" in html
    assert "run `calligan prepare`" in prepared_data(None, tmp_path / "rejects.png")

import subprocess
from pathlib import Path

from pipelines.artifacts import dvc_metrics, metrics_table, outputs_markdown
from pipelines.command import stage_environment


def test_final_metrics_win_over_the_prepare_counts():
    metrics = {"data/prepared/summary.json": {"kept": 3}, "reports/headline.json": {"fid": {"value": 12.5}, "n": 3}}
    assert metrics_table(metrics) == [
        {"file": "reports/headline.json", "metric": "fid.value", "value": 12.5},
        {"file": "reports/headline.json", "metric": "n", "value": 3},
    ]


def test_without_final_metrics_every_file_is_shown():
    assert metrics_table({"data/prepared/summary.json": {"kept": 3, "rejected": 1}}) == [
        {"file": "data/prepared/summary.json", "metric": "kept", "value": 3},
        {"file": "data/prepared/summary.json", "metric": "rejected", "value": 1},
    ]


def test_dvc_metrics_reads_what_dvc_reports(dvc_project: Path):
    subprocess.run(["dvc", "repro", "prepare"], cwd=dvc_project, env=stage_environment(), check=True, capture_output=True)
    assert dvc_metrics(repo=dvc_project) == {"data/prepared/summary.json": {"kept": 3, "rejected": 1}}


def test_markdown_names_report_and_submission_first_as_copyable_paths(tmp_path: Path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "index.html").write_text("<html/>")
    (tmp_path / "submission.zip").write_bytes(b"zip")
    text = outputs_markdown(repo=tmp_path, outputs=["reports", "submission.zip", "models/g.pt"], experiment="calm-run")
    assert f"Project: `{tmp_path.resolve()}`" in text
    assert "- **Report:** `reports/index.html`" in text
    assert "- **Submission:** `submission.zip`" in text
    assert "`calm-run`" in text
    assert "| `submission.zip` | 3 B |" in text
    assert "| `models/g.pt` | missing |" in text
    assert "file://" not in text and "](" not in text


def test_markdown_says_when_nothing_was_produced(tmp_path: Path):
    text = outputs_markdown(repo=tmp_path, outputs=["data/prepared/summary.json"], experiment="calm-run")
    assert "**Submission:** not produced by the stages that ran" in text
    assert "| `data/prepared/summary.json` | missing |" in text

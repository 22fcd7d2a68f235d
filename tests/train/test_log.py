import pandas as pd

from calligan.train.log import COLUMNS, TrainLog


def test_resume_drops_rows_after_the_checkpoint(tmp_path):
    path = tmp_path / "log.csv"
    log = TrainLog(path, resume_step=0)
    for step in (2, 4, 6):
        log.append({"step": step, "d_loss": float(step), "ignored": 1})
    frame = pd.read_csv(path)
    assert list(frame.columns) == list(COLUMNS) and frame["gradient_penalty"].isna().all()
    resumed = TrainLog(path, resume_step=4)
    resumed.append({"step": 6, "d_loss": -1.0})
    frame = pd.read_csv(path)
    assert frame["step"].tolist() == [2, 4, 6] and frame["d_loss"].tolist() == [2.0, 4.0, -1.0]


def test_fresh_log_ignores_an_old_file(tmp_path):
    path = tmp_path / "log.csv"
    TrainLog(path, resume_step=0).append({"step": 9})
    fresh = TrainLog(path, resume_step=0)
    fresh.append({"step": 1})
    assert pd.read_csv(path)["step"].tolist() == [1]

import pandas as pd
import pytest

from calligan.train.outputs import COLUMNS, TrainLog


def test_resume_drops_rows_after_the_checkpoint(tmp_path):
    path = tmp_path / "log.csv"
    log = TrainLog(path, resume_step=0)
    for step in (2, 4, 6):
        log.append({"step": step, "d_loss": float(step)})
    frame = pd.read_csv(path)
    assert list(frame.columns) == list(COLUMNS) and frame["gradient_penalty"].isna().all()
    resumed = TrainLog(path, resume_step=4)
    resumed.append({"step": 6, "d_loss": -1.0})
    frame = pd.read_csv(path)
    assert frame["step"].tolist() == [2, 4, 6] and frame["d_loss"].tolist() == [2.0, 4.0, -1.0]


def test_a_statistic_without_a_column_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="no column for .'d_los'"):
        TrainLog(tmp_path / "log.csv", resume_step=0).append({"step": 1, "d_los": 0.5})


def test_columns_are_the_engines_and_every_familys_statistics():
    assert COLUMNS[0] == "step" and COLUMNS[-4:] == ("augment_p", "fid", "conditional_accuracy", "images_per_s")
    assert {"wasserstein", "gradient_penalty", "info_categorical", "p_real", "critic_real"} <= set(COLUMNS)


def test_fresh_log_ignores_an_old_file(tmp_path):
    path = tmp_path / "log.csv"
    TrainLog(path, resume_step=0).append({"step": 9})
    fresh = TrainLog(path, resume_step=0)
    fresh.append({"step": 1})
    assert pd.read_csv(path)["step"].tolist() == [1]

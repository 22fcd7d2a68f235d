import imageio.v2 as imageio
import numpy as np
import pandas as pd
import pytest
import torch

from calligan.cli import main
from calligan.io.npz import save_npz
from calligan.gans.generator_file import load_generator
from calligan.train.outputs import COLUMNS


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A project folder with a tiny prepared dataset at the default path and an empty params.yaml (all defaults)."""
    rng = np.random.default_rng(0)
    images = (rng.random((20, 32, 32)) > 0.8).astype(np.uint8) * 255
    save_npz(tmp_path / "data/prepared/dataset.npz",
             {"images": images, "labels": np.arange(20) % 2, "classes": np.array(["一", "二"])})
    (tmp_path / "params.yaml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


SMALL = ["--set", "train.width=8", "--set", "train.batch_size=4", "--set", "train.steps=2",
         "--set", "train.sample_every=1", "--set", "train.log_every=1", "--set", "train.grid_samples=4",
         "--set", "train.device=cpu", "--set", "train.eval_every=0", "--no-progress"]


def test_infogan_run_writes_every_output(workdir, capsys):
    assert main(["train", "--set", "train.model=infogan", "--set", "train.n_categorical=2", *SMALL]) == 0
    assert "step 2" in capsys.readouterr().out

    generator, spec = load_generator(workdir / "models/generator.pt", map_location="cpu")
    assert spec.family == "infogan" and spec.image_size == 32 and spec.n_categorical == 2
    z = torch.zeros(3, spec.generator_input_dim)
    assert generator(z, None).shape == (3, 1, 32, 32)
    payload = torch.load(workdir / "models/generator.pt", weights_only=True)
    assert set(payload) == {"spec", "state_dict"}

    log = pd.read_csv(workdir / "reports/train/log.csv")
    assert list(log.columns) == list(COLUMNS) and log["step"].tolist() == [1, 2]
    assert log[["d_loss", "g_loss", "info_categorical", "info_continuous", "images_per_s"]].notna().all().all()
    assert len(imageio.mimread(workdir / "reports/train/progress.gif")) == 2
    assert (workdir / "reports/train/losses.png").stat().st_size > 0
    traversal = imageio.imread(workdir / "reports/train/traversal_0.png")
    assert traversal.shape[0] < traversal.shape[1]  # 2 category rows x 10 sweep columns
    assert {p.name for p in (workdir / "reports/train").glob("traversal_*.png")} == {"traversal_0.png", "traversal_1.png"}


def test_rerun_resumes_and_fresh_starts_over(workdir, capsys, generator_steps):
    args = ["train", "--set", "train.model=wgan", "--set", "train.n_critic=1", *SMALL]
    assert main(args) == 0
    first_rows = (workdir / "reports/train/log.csv").read_text().splitlines()
    generator_steps.calls = 0
    assert main([*args, "--set", "train.steps=3"]) == 0
    assert generator_steps.calls == 1, "the rerun trained again from step 0"
    rows = (workdir / "reports/train/log.csv").read_text().splitlines()
    assert rows[:3] == first_rows, "the first run's rows must stay as written"
    assert pd.read_csv(workdir / "reports/train/log.csv")["step"].tolist() == [1, 2, 3]
    assert main([*args, "--fresh"]) == 0
    assert pd.read_csv(workdir / "reports/train/log.csv")["step"].tolist() == [1, 2]
    assert not (workdir / "reports/train/grid_000003.png").exists()


@pytest.mark.parametrize("override, message", [
    ("train.model=vae", "train.model"),
    ("train.data=missing.npz", "missing.npz"),
    ("train.conditional=true", "conditional"),
])
def test_bad_input_is_one_line_and_exit_2(workdir, capsys, override, message):
    extra = ["--set", "train.model=gan"] if "conditional" in override else []
    assert main(["train", *extra, "--set", override, *SMALL]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("calligan train: error:") and message in err and "\n" not in err

"""`calligan study` end to end at tiny size, run with the very commands of studies/augmentation/dvc.yaml
(interpolated as DVC does, without DVC): subset, a 2-step GAN by `calligan train`, generate, classify,
summary. Evaluate (Inception) is the one stage stood in for: its metrics.json is written by hand."""

from __future__ import annotations

import json
import re
import shlex

import numpy as np
import pytest
import yaml

from calligan.cli import main
from calligan.config import load_params
from calligan.study.arms import ARMS
from calligan.study.paths import run_paths

from tests.study.conftest import CLASSES, TRAIN_PER_CLASS

pytestmark = pytest.mark.usefixtures("one_torch_thread")

TINY = {
    "study": {"k": [2], "seeds": [0], "reference": "data/prepared/dataset_big.npz", "gan_steps": 2,
              "generated_per_class": 4, "classifier_steps": 3, "classic_group": 4},
    "train": {"width": 8, "batch_size": 4, "sample_every": 1, "grid_samples": 4, "device": "cpu", "cpu_threads": 1},
    "generate": {"export_size": 64, "device": "cpu"},
    "classifier": {"width": 4, "input_size": 16, "batch_size": 8, "device": "cpu", "threads": 1},
}


@pytest.fixture
def project(prepared, tmp_path, monkeypatch, repo_root):
    """The tiny prepared data with a params.yaml of tiny sizes, as the working directory."""
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(TINY, allow_unicode=True), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return yaml.safe_load((repo_root / "studies/augmentation/dvc.yaml").read_text(encoding="utf-8"))["stages"]


def _argv(template: str, *, k: int, seed: int) -> list[str]:
    """A dvc.yaml cmd as DVC runs it for the run (k, seed): ${group.key} from params.yaml, ${item.*} the run."""
    config = load_params("params.yaml")

    def value(match: re.Match) -> str:
        group, key = match[1], match[2]
        return str({"k": k, "seed": seed}[key] if group == "item" else getattr(getattr(config, group), key))

    program, *argv = shlex.split(re.sub(r"\$\{(\w+)\.(\w+)\}", value, template))
    assert program == "calligan"
    return argv


def test_a_tiny_study_from_subset_to_summary(project, capsys):
    for stage in ("subset", "train", "generate", "classify"):
        if stage == "classify":  # evaluate's stand-in: the two numbers the summary reads from metrics.json
            paths = run_paths(load_params("params.yaml").study, k=2, seed=0)
            paths.results.mkdir(parents=True)
            paths.metrics.write_text(json.dumps({"summary": {"fid": 300.0, "reference": "heldout"},
                                                 "classifier": {"conditional": {"conditional_accuracy": 0.5}}}))
        assert main(_argv(project[stage]["cmd"], k=2, seed=0)) == 0, stage
        assert "k=2 seed=0" in capsys.readouterr().out or stage == "train"
    assert main(_argv(project["summary"]["cmd"], k=2, seed=0)) == 0
    assert "1 run -> reports/study/summary.md" in capsys.readouterr().out

    generated = np.load(paths.generated_raw)
    assert generated["images"].shape == (4 * len(CLASSES), 32, 32)  # generated_per_class x classes, the subset's size
    assert np.bincount(generated["labels"]).tolist() == [4] * len(CLASSES)
    assert np.load(paths.generated / "images.npz")["images"].shape[-1] == 64  # generate.export_size
    log = (paths.gan / "train" / "log.csv").read_text().splitlines()
    assert log[-1].startswith("2,")  # the real `calligan train`, study.gan_steps steps
    arms = json.loads(paths.arms.read_text())
    assert list(arms["arms"]) == [arm.name for arm in ARMS] and arms["steps"] == 3
    summary = json.loads((paths.results.parent.parent / "summary.json").read_text())
    assert summary["gan"]["k2"]["fid"]["mean"] == 300.0 and set(summary["heldout_accuracy"]["k2"]) == set(arms["arms"])


def test_k_larger_than_a_class_is_one_line_and_exit_2(project, capsys):
    assert main(["study", "subset", "--k", str(TRAIN_PER_CLASS + 1), "--seed", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"calligan study: error: k={TRAIN_PER_CLASS + 1} is more than class '{CLASSES[0]}' has in "
                   f"data/prepared/dataset.npz ({TRAIN_PER_CLASS} training images); choose k <= {TRAIN_PER_CLASS} "
                   "in study.k"]


@pytest.mark.parametrize("argv, message", [
    (["study", "classify"], "study classify needs the run: --k K --seed S"),
    (["study", "subset", "--k", "0", "--seed", "0"], "--k must be at least 1"),
    (["study", "summary"], "k2-seed0/arms.json: missing; run `calligan study classify --k 2 --seed 0`"),
])
def test_bad_input_is_one_line_and_exit_2(project, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("calligan study: error: ") and message in err[0]

import dataclasses
import json

import imageio.v3 as iio
import pandas as pd
import pytest

from calligan.errors import CalliganError
from calligan.study.arms import ARMS
from calligan.study.paths import run_paths
from calligan.study.summary import read_runs, write_summary

# Known per-run numbers: at k = 2 the two seeds give real 0.4 and 0.6 (mean 0.5, sample sd 0.1414),
# every other arm real + 0.1 * its place in ARMS; FID 100 and 120 (mean 110, sd 14.14).
ACCURACY = {(2, 0): 0.4, (2, 1): 0.6, (4, 0): 0.7, (4, 1): 0.7}
FID = {(2, 0): 100.0, (2, 1): 120.0, (4, 0): 80.0, (4, 1): 90.0}


def _write_run(study, k: int, seed: int, *, reference: str = "heldout") -> None:
    paths = run_paths(study, k=k, seed=seed)
    paths.results.mkdir(parents=True, exist_ok=True)
    arms = {arm.name: {"accuracy": ACCURACY[k, seed] + 0.1 * place, "n_real": 0, "n_generated": 0,
                       "classic": arm.classic} for place, arm in enumerate(ARMS)}
    paths.arms.write_text(json.dumps({"k": k, "seed": seed, "steps": 3, "n_test": 9, "arms": arms}))
    paths.metrics.write_text(json.dumps({
        "summary": {"fid": FID[k, seed], "reference": reference},
        "classifier": {"conditional": {"conditional_accuracy": 0.25 * (seed + 1), "n_images": 12}},
    }))


@pytest.fixture
def runs(study):
    for k in study.k:
        for seed in study.seeds:
            _write_run(study, k, seed)
    return study


def test_mean_and_sd_over_seeds_per_arm_and_k(runs):
    paths = write_summary(runs)
    table = pd.read_csv(paths.table).set_index(["measure", "k"])
    assert table.loc[("real", 2), "mean"] == pytest.approx(0.5)
    assert table.loc[("real", 2), "sd"] == pytest.approx(0.141421, abs=1e-6)  # sample sd of 0.4 and 0.6
    assert table.loc[("gan", 2), "mean"] == pytest.approx(0.9)  # 0.5 + 0.1 x its place in ARMS
    assert table.loc[("real", 4), "sd"] == pytest.approx(0.0)
    assert table.loc[("fid", 2), "mean"] == pytest.approx(110.0) and table.loc[("fid", 4), "mean"] == pytest.approx(85.0)
    assert table.loc[("conditional_accuracy", 4), "mean"] == pytest.approx(0.375)
    assert (table["runs"] == 2).all() and len(table) == 2 * (len(ARMS) + 2)

    markdown = paths.markdown.read_text()
    assert "| real + classic (held-out accuracy) | 60.0 ± 14.1 % | 80.0 ± 0.0 % |" in markdown
    assert "| GAN: FID against the held-out images | 110.0 ± 14.1 | 85.0 ± 7.1 |" in markdown
    assert "over 2 seeds (0, 1)" in markdown and "3 optimiser steps" in markdown and "9 held-out" in markdown

    metrics = json.loads(paths.metrics.read_text())
    assert metrics["heldout_accuracy"]["k2"]["real"] == {"mean": pytest.approx(0.5), "sd": pytest.approx(0.141421, abs=1e-6)}
    assert metrics["gan"]["k4"]["fid"]["mean"] == pytest.approx(85.0)
    assert (metrics["runs"], metrics["seeds"], metrics["steps"], metrics["n_test"]) == (4, [0, 1], 3, 9)
    assert iio.imread(paths.plot).ndim == 3


def test_one_seed_gives_the_mean_alone(runs):
    paths = write_summary(dataclasses.replace(runs, seeds=[1]))
    assert "| real (held-out accuracy) | 60.0 % | 70.0 % |" in paths.markdown.read_text()
    assert json.loads(paths.metrics.read_text())["heldout_accuracy"]["k2"]["real"] == {"mean": pytest.approx(0.6), "sd": None}


def test_only_the_runs_of_the_grid_are_read(runs):
    stale = run_paths(runs, k=8, seed=0)  # a run of an earlier study.k, left in the reports folder
    stale.results.mkdir(parents=True)
    stale.arms.write_text("not read")
    assert sorted(read_runs(runs)[["k", "seed"]].itertuples(index=False)) == [(2, 0), (2, 1), (4, 0), (4, 1)]


def test_a_missing_run_names_its_file_and_the_action_that_writes_it(runs):
    run_paths(runs, k=4, seed=1).arms.unlink()
    with pytest.raises(CalliganError, match=r"k4-seed1/arms.json: missing; run `calligan study classify --k 4 --seed 1`"):
        write_summary(runs)


def test_a_fid_not_against_heldout_images_is_refused(runs):
    _write_run(runs, 2, 0, reference="train")
    with pytest.raises(CalliganError, match="FID is not against held-out images"):
        write_summary(runs)

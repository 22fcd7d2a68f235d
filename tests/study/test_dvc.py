"""studies/augmentation/dvc.yaml: its matrix resolves to one run per (k, seed), its paths are those of
calligan.study.paths, and every parameter that changes a run's numbers is one of its stage's params."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from calligan.config.evaluate import EvaluateParams
from calligan.config.generate import GenerateParams
from calligan.config.study import StudyParams
from calligan.config.train import NOT_RUN_SHAPING, TrainParams
from calligan.study.paths import run_paths, summary_paths

STUDY_FILE = "studies/augmentation/dvc.yaml"
MATRIX = ("subset", "train", "generate", "evaluate", "classify")


@pytest.fixture(scope="module")
def stages(repo_root) -> dict:
    return yaml.safe_load((repo_root / STUDY_FILE).read_text(encoding="utf-8"))["stages"]


def test_the_matrix_resolves_to_one_run_per_k_and_seed(repo_root, tmp_path):
    project = tmp_path / "project"
    (project / "studies/augmentation").mkdir(parents=True)
    shutil.copy(repo_root / STUDY_FILE, project / STUDY_FILE)
    params = yaml.safe_load((repo_root / "params.yaml").read_text(encoding="utf-8"))
    params["study"] |= {"k": [10, 50], "seeds": [3]}
    (project / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, DVC_NO_ANALYTICS="1")
    dvc = Path(sys.executable).parent / "dvc"
    subprocess.run([dvc, "init", "--no-scm", "-q"], cwd=project, check=True, env=env)
    listed = subprocess.run([dvc, "stage", "list", "--name-only", STUDY_FILE], cwd=project, env=env,
                            capture_output=True, text=True, check=True).stdout.split()
    runs = [f"{stage}@{k}-3" for stage in MATRIX for k in (10, 50)]
    assert sorted(listed) == sorted(f"{STUDY_FILE}:{name}" for name in [*runs, "summary"])


def _render(text: str, study: StudyParams, *, k: int, seed: int) -> str:
    """A dvc.yaml string as DVC interpolates it for the run (k, seed)."""
    def value(match: re.Match) -> str:
        group, key = match[1], match[2]
        return str({"k": k, "seed": seed}[key] if group == "item" else getattr(study, key))

    return re.sub(r"\$\{(study|item)\.(\w+)\}", value, text)


def _outs(spec: dict, *kinds: str) -> list[str]:
    return [next(iter(entry)) if isinstance(entry, dict) else entry for kind in kinds for entry in spec.get(kind, [])]


def _sets(cmd: str) -> dict[str, str]:
    return dict(re.findall(r"--set (\S+?)=(\S+)", cmd))


def test_the_runs_paths_are_the_librarys(stages):
    study = StudyParams(out="data/somewhere", reports="reports/elsewhere")
    paths = run_paths(study, k=20, seed=2)

    def outs(stage: str) -> list[str]:
        return [_render(out, study, k=20, seed=2) for out in _outs(stages[stage], "outs", "metrics", "plots")]

    def sets(stage: str) -> dict[str, str]:
        return _sets(_render(stages[stage]["cmd"], study, k=20, seed=2))

    assert outs("subset") == [str(paths.subset_dir)]
    assert outs("train") == [str(paths.gan)] == [sets("train")["train.models_dir"]]
    assert sets("train")["train.data"] == str(paths.subset)
    assert outs("generate") == [str(paths.generated)]
    assert sets("evaluate")["evaluate.generated_raw"] == str(paths.generated_raw)
    assert sets("evaluate")["evaluate.reference"] == str(paths.subset_reference)
    assert sets("evaluate")["evaluate.out"] == str(paths.metrics) == outs("evaluate")[0]
    assert outs("classify") == [str(paths.arms)]
    summary = summary_paths(study)
    assert sorted(outs("summary")) == sorted(map(str, (summary.table, summary.markdown, summary.metrics, summary.plot)))
    assert _render(stages["summary"]["deps"][0], study, k=20, seed=2) == str(paths.results.parent)


def _params(spec: dict, group: str) -> set[str]:
    return {name.partition(".")[2] for name in spec["params"] if name.startswith(f"{group}.")}


def _fields(cls) -> set[str]:
    return {field.name for field in dataclasses.fields(cls)}


def test_every_train_key_that_shapes_the_gan_is_a_param(stages):
    set_by_command = set(_sets(stages["train"]["cmd"]))
    unused_without_evaluations = {"eval_samples", "heldout", "classifier"}  # train.eval_every is 0 here
    expected = _fields(TrainParams) - set(NOT_RUN_SHAPING) - {key.partition(".")[2] for key in set_by_command} \
        - unused_without_evaluations
    assert _params(stages["train"], "train") == expected


def test_every_generate_key_the_run_keeps_is_a_param(stages, study):
    from calligan.study.generate import run_params
    from calligan.study.subset import write_subset

    write_subset(study, k=2, seed=0)
    root = GenerateParams(seed=7, select="critic", oversample=2.0)  # none of them what a run sets
    run = run_params(root, study, k=2, seed=0)
    replaced = {name for name in _fields(GenerateParams) if getattr(run, name) != getattr(root, name)}
    no_number = {"batch_size", "device", "classifier"}  # the classifier ranks only for select=classifier
    expected = _fields(GenerateParams) - replaced - no_number
    assert _params(stages["generate"], "generate") == expected


def test_every_evaluate_key_that_changes_a_number_is_a_param(stages):
    set_by_command = {key.partition(".")[2] for key in _sets(stages["evaluate"]["cmd"])}
    read_by_dependency = {"heldout", "heldout_raw"}  # files: deps, not params
    no_number = {"batch_size", "device", "cache_dir"}
    assert _params(stages["evaluate"], "evaluate") == _fields(EvaluateParams) - set_by_command - read_by_dependency \
        - no_number


def test_every_recipe_and_augmentation_key_of_the_arms_is_a_param(stages):
    from calligan.classifier.fit import FitRecipe

    recipe = _fields(FitRecipe) - {"epochs", "seed"}  # steps come from the study, the seed from the run
    assert _params(stages["classify"], "classifier") == recipe
    augmentation = {"rotation", "translate", "scale", "shear", "elastic_alpha", "elastic_sigma", "classic_group"}
    assert _params(stages["classify"], "study") == {"classifier_steps"} | augmentation

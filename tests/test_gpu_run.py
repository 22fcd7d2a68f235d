"""scripts/gpu_run.sh in its --cpu dry mode, with the packages the GPU machine lacks made unimportable:
every part runs, and what lands in the output folder is what the device tool can bring back."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys

import numpy as np
import pandas as pd

from calligan.gans.generator_file import load_generator
from scripts import gpu_run

# Not on the GPU machine (no registry there): an import of any of them must not be on the script's path.
ABSENT_THERE = ("pytorch_fid", "prefect", "dvc")
# The device tool brings back at most 8 files, each under 16 MiB, named in letters, digits, '.', '_', '-'.
MAX_FILES, MAX_BYTES, NAME = 8, 16 * 2**20, re.compile(r"[A-Za-z0-9._-]+")


def test_dry_mode_runs_every_part_without_the_packages_the_gpu_machine_lacks(repo_root, tmp_path, tiny_dataset):
    blocked = tmp_path / "blocked"
    for name in ABSENT_THERE:
        (blocked / name).mkdir(parents=True)
        (blocked / name / "__init__.py").write_text(f"raise ImportError('{name} is not on the GPU machine')\n")
    out = tmp_path / "out"
    env = os.environ | {"PYTHON": sys.executable, "PYTHONPATH": str(blocked), "OMP_NUM_THREADS": "1"}

    done = subprocess.run(["bash", "scripts/gpu_run.sh", "--cpu", "--out", str(out), "--work", str(tmp_path / "work"),
                           "--data", str(tiny_dataset), "--classifier", str(tmp_path / "none.pt")],
                          cwd=repo_root, env=env, capture_output=True, text=True, timeout=600)

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "FID not scored" in done.stdout  # pytorch-fid is absent: the run scores without it
    files = sorted(path.name for path in out.iterdir())
    assert set(files) == {"run.json", "gpu_tests.txt", "train_step.json", "log.csv", "losses.png", "grid_000004.png",
                          "generator.pt.0"}
    assert len(files) <= MAX_FILES and all(NAME.fullmatch(name) for name in files)
    assert all((out / name).stat().st_size < MAX_BYTES for name in files)
    record = json.loads((out / "run.json").read_text())
    assert record["mode"] == "cpu" and {part["rc"] for part in record["parts"].values()} == {0}
    assert record["preset"]["steps"] == 4 and record["preset"]["g_steps_per_s"] > 0
    assert "skipped" in (out / "gpu_tests.txt").read_text()
    benchmark = json.loads((out / "train_step.json").read_text())
    assert set(benchmark["engine"]) == {"float32", "bf16_channels_last"}  # compile: CUDA only
    assert pd.read_csv(out / "log.csv")["step"].tolist() == [2, 4]
    # Without FID the best snapshot is the last one: one generator travels, in parts that join back.
    assert record["sha256"]["generator.pt"] == record["sha256"]["generator_best.pt"]
    joined = tmp_path / "generator.pt"
    joined.write_bytes(b"".join((out / name).read_bytes() for name in files if name.startswith("generator.pt.")))
    assert hashlib.sha256(joined.read_bytes()).hexdigest() == record["sha256"]["generator.pt"]
    _, spec = load_generator(joined)
    assert spec.family == "wgan-gp" and spec.conditional and spec.image_size == 32


def test_a_file_too_big_to_travel_goes_in_parts_that_join_back(tmp_path):
    source = tmp_path / "generator.pt"
    source.write_bytes(np.random.default_rng(0).bytes(gpu_run.PART_BYTES * 2 + 5))
    out = tmp_path / "out"
    out.mkdir()
    gpu_run.copy_in_parts(source, out)
    parts = sorted(out.iterdir())
    assert [p.name for p in parts] == ["generator.pt.0", "generator.pt.1", "generator.pt.2"]
    assert all(p.stat().st_size < MAX_BYTES for p in parts)
    assert b"".join(p.read_bytes() for p in parts) == source.read_bytes()

"""The README's commands stay true: the preset and overrides it prints are valid parameters."""

import re

from calligan.config import load_params
from pipelines.command import override_patterns
from pipelines.preset import read_preset


def _readme(repo_root) -> str:
    return (repo_root / "README.md").read_text(encoding="utf-8")


def test_gpu_preset_is_the_file_the_readme_runs_and_a_valid_cuda_run_at_the_export_size(repo_root):
    section = re.search(r"## The GPU preset.*?```bash\n(.*?)```", _readme(repo_root), re.S).group(1)
    assert all("params-gpu.yaml" in line for line in section.strip().splitlines())
    overrides = read_preset(repo_root / "params-gpu.yaml", params=repo_root / "params.yaml")
    config = load_params(repo_root / "params.yaml", override_patterns(overrides))
    assert config.train.model == "wgan-gp"
    assert config.train.data.endswith("reference_128.npz") and config.generate.upscale == "none"
    assert config.train.device == config.generate.device == config.evaluate.device == "cuda"


def test_quick_start_is_the_ci_test_command(repo_root):
    readme = _readme(repo_root)
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", readme, re.S).group(1)
    test_command = block.strip().splitlines()[1].split("#")[0].strip()
    assert test_command in (repo_root / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_documented_override_is_a_valid_key(repo_root):
    """Overrides on one line are one command's: checked together, as some keys only go together
    (generate.select needs generate.oversample)."""
    checked = set()
    for line in _readme(repo_root).splitlines():
        overrides = [(key, value) for key, value in re.findall(r"(?:--set|-S) ([a-z_]+\.[a-z_]+)=([^\s'\"`]+)", line)
                     if key not in ("prepare.source", "group.key")]
        if overrides:
            load_params(None, [f"{key}={value}" for key, value in overrides])
            checked |= {key for key, _ in overrides}
    assert {"prepare.image_size", "train.steps"} <= checked  # the configuration and Prefect sections

"""A run's generated images: the generate stage itself, pointed at the run's GAN and subset.

`calligan generate --set ...` would do, but its count is study.generated_per_class times the classes,
a product neither params.yaml nor DVC's interpolation can write; this computes it and runs the same
stage with every other `generate:` setting as the root pipeline has it (truncation, upscale, speck
removal, ...).
"""

from __future__ import annotations

import dataclasses

from calligan.config.generate import GenerateParams
from calligan.config.study import StudyParams
from calligan.generate import stage
from calligan.study.paths import run_paths
from calligan.study.subset import read_record


def run_params(generate: GenerateParams, study: StudyParams, *, k: int, seed: int) -> GenerateParams:
    """`generate` for the (k, seed) run: its generator, its subset as the reference, its folder, its count.

    The last EMA generator (generator.pt): the study's GAN trains without evaluations (train.eval_every
    0), as picking a snapshot by its FID against the held-out images would select on the test set.
    No ranking of an oversampled set (select none): the root classifier that select=classifier uses
    learned every training image, and the run must not see them. The run's seed draws the latents.
    """
    paths = run_paths(study, k=k, seed=seed)
    n_classes = read_record(paths.subset_record)["n_classes"]
    return dataclasses.replace(
        generate,
        generator_file=str(paths.generator_file),
        critic=str(paths.checkpoint),
        reference=str(paths.subset_reference),
        out=str(paths.generated),
        count=study.generated_per_class * n_classes,
        seed=seed,
        select="none",
        oversample=1.0,
    )


def generate_run(generate: GenerateParams, study: StudyParams, *, k: int, seed: int,
                 progress: bool = False) -> stage.GenerateResult:
    """Draw the (k, seed) run's images into its `generated/` folder; progress: tqdm bars."""
    return stage.run(run_params(generate, study, k=k, seed=seed), progress=progress)

"""Where one (k, seed) run of the study keeps its files. studies/augmentation/dvc.yaml spells the same
paths with ${study.out} and ${study.reports} (tests/study/test_dvc.py holds the two equal)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from calligan.config.study import StudyParams


@dataclass(frozen=True)
class RunPaths:
    data: Path  # <study.out>/k<k>/seed<seed>: the run's images and models (DVC-cached, large)
    results: Path  # <study.reports>/runs/k<k>-seed<seed>: its numbers, read by the summary (small)

    @property
    def subset_dir(self) -> Path:
        return self.data / "subset"

    @property
    def subset(self) -> Path:
        """The k images per class at the training size, in prepare's `dataset.npz` format (train.data reads it)."""
        return self.subset_dir / "dataset.npz"

    @property
    def subset_reference(self) -> Path:
        """The same images at the export size: generate's intensity reference, evaluate's training set."""
        return self.subset_dir / "reference.npz"

    @property
    def subset_record(self) -> Path:
        """subset.json: k, seed, the source packs and the indices drawn from the training pack."""
        return self.subset_dir / "subset.json"

    @property
    def gan(self) -> Path:
        """train.models_dir of the run's GAN (and its reports_dir, `train/`, inside it)."""
        return self.data / "gan"

    @property
    def generator_file(self) -> Path:
        return self.gan / "generator.pt"

    @property
    def checkpoint(self) -> Path:
        return self.gan / "checkpoint.pt"

    @property
    def generated(self) -> Path:
        """generate.out: images.npz (export size) and raw.npz (the generator's own size)."""
        return self.data / "generated"

    @property
    def generated_raw(self) -> Path:
        """What the classifiers learn: the images at the generator's own size, the subset's (generate's RAW_NAME)."""
        return self.generated / "raw.npz"

    @property
    def metrics(self) -> Path:
        """evaluate.out: the run's GAN against the held-out images (headline.json, classes.png, neighbours.json beside it)."""
        return self.results / "metrics.json"

    @property
    def arms(self) -> Path:
        """The five classifiers' held-out accuracies."""
        return self.results / "arms.json"


def run_paths(study: StudyParams, *, k: int, seed: int) -> RunPaths:
    return RunPaths(data=Path(study.out) / f"k{k}" / f"seed{seed}",
                    results=Path(study.reports) / "runs" / f"k{k}-seed{seed}")


@dataclass(frozen=True)
class SummaryPaths:
    table: Path  # summary.csv: mean, sd and run count per measure and k, one row each
    markdown: Path  # summary.md: the same as a table to read, one row per arm, one column per k
    plot: Path  # accuracy.png: held-out accuracy against k, one line per arm with its spread
    metrics: Path  # summary.json: the same numbers, nested, for `dvc metrics show` and `dvc exp show`


def summary_paths(study: StudyParams) -> SummaryPaths:
    reports = Path(study.reports)
    return SummaryPaths(table=reports / "summary.csv", markdown=reports / "summary.md",
                        plot=reports / "accuracy.png", metrics=reports / "summary.json")

"""The study's answer: every run's arms and GAN scores read into one table (mean ± sd over seeds per arm
and k), written as CSV, markdown and JSON, and a plot of held-out accuracy against k."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from calligan.config.study import StudyParams  # noqa: E402
from calligan.errors import CalliganError  # noqa: E402
from calligan.io.atomic import atomic_path, atomic_write_text  # noqa: E402
from calligan.study.arms import ARMS  # noqa: E402
from calligan.study.paths import SummaryPaths, run_paths, summary_paths  # noqa: E402

# The run's GAN, from its evaluate metrics.json: (name, label, path of keys in that file)
GAN_MEASURES = (
    ("fid", "GAN: FID against the held-out images", ("summary", "fid")),
    ("conditional_accuracy", "GAN: images the classifier reads as their intended class",
     ("classifier", "conditional", "conditional_accuracy")),
)
ACCURACY = "held-out accuracy"


def _read_json(path: Path, *, action: str) -> dict:
    if not path.is_file():
        raise CalliganError(f"{path}: missing; run `{action}` for that run, or the whole study with "
                            "`dvc repro studies/augmentation/dvc.yaml`")
    return json.loads(path.read_text(encoding="utf-8"))


def _dig(metrics: dict, keys: tuple[str, ...], *, path: Path) -> float:
    value = metrics
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            raise CalliganError(f"{path}: no {'.'.join(keys)}; evaluate the run's GAN with evaluate.classifier true")
        value = value[key]
    return float(value)


def read_runs(study: StudyParams) -> pd.DataFrame:
    """One row per (k, seed) run of study.k x study.seeds: its arms' held-out accuracies and its GAN's
    measures, one column each. Folders of runs outside that grid are not read."""
    rows = []
    for k in study.k:
        for seed in study.seeds:
            paths = run_paths(study, k=k, seed=seed)
            arms = _read_json(paths.arms, action=f"calligan study classify --k {k} --seed {seed}")
            metrics = _read_json(paths.metrics, action=f"dvc repro studies/augmentation/dvc.yaml:evaluate@{k}-{seed}")
            if metrics.get("summary", {}).get("reference") != "heldout":
                raise CalliganError(f"{paths.metrics}: FID is not against held-out images; the study needs "
                                    "prepare.holdout true")
            row = {"k": k, "seed": seed, "steps": arms["steps"], "n_test": arms["n_test"]}
            row |= {arm.name: arms["arms"][arm.name]["accuracy"] for arm in ARMS}
            row |= {name: _dig(metrics, keys, path=paths.metrics) for name, _, keys in GAN_MEASURES}
            rows.append(row)
    runs = pd.DataFrame(rows)
    if runs["steps"].nunique() > 1 or runs["n_test"].nunique() > 1:
        raise CalliganError("the runs' arms trained for different steps or were tested on different held-out sets; "
                            "rerun the study (`dvc repro studies/augmentation/dvc.yaml`)")
    return runs


def summarise(runs: pd.DataFrame) -> pd.DataFrame:
    """Long table, one row per (measure, k): mean, sd over the seeds (sample sd, NaN for one run), runs."""
    measures = [arm.name for arm in ARMS] + [name for name, _, _ in GAN_MEASURES]
    long = runs.melt(id_vars=["k", "seed"], value_vars=measures, var_name="measure")
    long["measure"] = pd.Categorical(long["measure"], categories=measures, ordered=True)
    table = long.groupby(["measure", "k"], observed=True)["value"].agg(mean="mean", sd="std", runs="count")
    return table.reset_index()


def _cell(mean: float, sd: float, *, percent: bool) -> str:
    scale, unit = (100.0, " %") if percent else (1.0, "")
    text = f"{mean * scale:.1f}"
    return text + unit if math.isnan(sd) else f"{text} ± {sd * scale:.1f}{unit}"


def table_rows(summary: pd.DataFrame) -> tuple[list[int], list[tuple[str, list[str]]]]:
    """The table to read, from `summarise`'s long table (or summary.csv read back): the k of each column,
    and one (label, cells) row per arm and GAN measure, each cell "mean ± sd" (the mean alone for one seed)."""
    labels = {arm.name: f"{arm.label} ({ACCURACY})" for arm in ARMS} | {name: label for name, label, _ in GAN_MEASURES}
    order = list(labels)
    ks = sorted(int(k) for k in summary["k"].unique())
    rows = []
    for measure in sorted(summary["measure"].astype(str).unique(), key=order.index):
        by_k = summary[summary["measure"].astype(str) == measure].set_index("k")
        rows.append((labels[measure], [_cell(by_k.at[k, "mean"], by_k.at[k, "sd"], percent=measure != "fid")
                                       for k in ks]))
    return ks, rows


def markdown_table(summary: pd.DataFrame, *, runs: pd.DataFrame) -> str:
    """One row per arm and GAN measure, one column per k: "mean ± sd" (the mean alone for one seed)."""
    ks, rows = table_rows(summary)
    lines = ["| | " + " | ".join(f"k = {k}" for k in ks) + " |", "|---|" + "---:|" * len(ks)]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    seeds = sorted(runs["seed"].unique())
    note = (f"\nMean ± sample sd over {len(seeds)} seed{'s' * (len(seeds) > 1)} ({', '.join(map(str, seeds))}) per k "
            "(one seed: the mean alone); every arm trained "
            f"for {int(runs['steps'].iloc[0])} optimiser steps and tested on {int(runs['n_test'].iloc[0])} held-out "
            "real images.\n")
    return "\n".join(lines) + "\n" + note


def plot_accuracy(path: str | os.PathLike, summary: pd.DataFrame) -> None:
    """Held-out accuracy against k (log axis, ticks at the k run), one line per arm, shaded ± sd."""
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for arm in ARMS:
        rows = summary[summary["measure"] == arm.name].sort_values("k")
        mean, sd = rows["mean"] * 100, rows["sd"].fillna(0.0) * 100
        (line,) = ax.plot(rows["k"], mean, marker="o", label=arm.label)
        ax.fill_between(rows["k"], mean - sd, mean + sd, color=line.get_color(), alpha=0.15, lw=0)
    ks = sorted(summary["k"].unique())
    ax.set_xscale("log")
    ax.set_xticks(ks, [str(k) for k in ks])
    ax.minorticks_off()
    ax.set_xlabel("real training images per class (k)")
    ax.set_ylabel(f"{ACCURACY}, % (mean ± sd over seeds)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=100)
    plt.close(fig)


def _metrics(summary: pd.DataFrame, *, runs: pd.DataFrame) -> dict:
    """The table nested as k<k> -> measure -> mean, sd (null for one run), for DVC's metrics views."""
    def stats(row) -> dict:
        return {"mean": float(row["mean"]), "sd": None if math.isnan(row["sd"]) else float(row["sd"])}

    arms = {arm.name for arm in ARMS}
    nested: dict = {"heldout_accuracy": {}, "gan": {}}
    for _, row in summary.iterrows():
        group = "heldout_accuracy" if row["measure"] in arms else "gan"
        nested[group].setdefault(f"k{int(row['k'])}", {})[str(row["measure"])] = stats(row)
    return {"runs": int(len(runs)), "seeds": sorted(int(s) for s in runs["seed"].unique()),
            "steps": int(runs["steps"].iloc[0]), "n_test": int(runs["n_test"].iloc[0]), **nested}


def write_summary(study: StudyParams) -> SummaryPaths:
    """Read every run of the study's grid and write the table (CSV, markdown), summary.json and the plot."""
    runs = read_runs(study)
    summary = summarise(runs)
    paths = summary_paths(study)
    with atomic_path(paths.table) as tmp:
        summary.to_csv(tmp, index=False, float_format="%.6f", lineterminator="\n")
    atomic_write_text(paths.markdown, markdown_table(summary, runs=runs))
    atomic_write_text(paths.metrics, json.dumps(_metrics(summary, runs=runs), indent=2) + "\n")
    plot_accuracy(paths.plot, summary)
    return paths

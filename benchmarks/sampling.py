"""Sampling for the competition: what truncation and critic/classifier selection buy in FID and cost in diversity.

    .venv/bin/python benchmarks/sampling.py [--models models] [--prepared data/prepared] [--count 1000]

For a trained model (default: this checkout's models/ and data/prepared/; point --models and
--prepared at another run's, they are only read) it runs the generate stage itself once per setting
into a scratch folder: the plain set, each selection mode at --oversample without truncation, the
truncation psi swept with no selection, and the plain set again under another seed so the spread of
one FID at this N is seen beside the differences (in that order; the results are rewritten after each
setting, so a run cut short keeps what it measured). Every setting is scored by calligan's own metrics
as evaluate scores a submission: FID and precision/recall/coverage (k=5) of the exported images
against as many held-out real images at the export size (the training images where prepare held none
out; the JSON's `real_set` says which), mean pairwise SSIM of the exported images,
the near-duplicate rate of the images as drawn, and the classifier's accuracy on the intended class
of a conditional model. Seconds are the generate stage's wall time for the set (drawing, scoring,
selecting, upscaling), on a shared box: the load average is recorded.

JSON to benchmarks/results/sampling.json, FID and recall against psi to sampling.png, and the first
64 images of every setting to sampling/<setting>.png, to look at before quoting a number.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import torch  # noqa: E402
from torchvision.utils import make_grid, save_image  # noqa: E402

from calligan.classifier.checkpoint import load_classifier  # noqa: E402
from calligan.classifier.fit import predict_proba  # noqa: E402
from calligan.config.generate import GenerateParams  # noqa: E402
from calligan.export.polarity import ink_on_paper  # noqa: E402
from calligan.generate import stage as generate_stage  # noqa: E402
from calligan.io.atomic import atomic_write_text  # noqa: E402
from calligan.io.images import load_heldout_pack, load_image_pack  # noqa: E402
from calligan.io.torch_files import safe_load  # noqa: E402
from calligan.metrics.context import MetricContext  # noqa: E402
from calligan.metrics.copies import near_duplicates  # noqa: E402
from calligan.metrics.diversity import ssim_diversity  # noqa: E402
from calligan.metrics.features import InceptionFeatures  # noqa: E402
from calligan.metrics.fid import fid  # noqa: E402
from calligan.metrics.prdc import prdc_metric  # noqa: E402
from calligan.metrics.stats import disjoint_subsamples  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
PRDC_K, SSIM_PAIRS, COPY_SSIM = 5, 500, 0.95  # evaluate's defaults (params.yaml's evaluate group)
GRID_IMAGES = 64


@dataclasses.dataclass(frozen=True)
class Setting:
    name: str
    truncation: float = 0.0  # psi; 0 = off
    select: str = "none"
    seed: int = 0


def _settings(psis: list[float], *, selections: list[str]) -> list[Setting]:
    """The plain set, the selections, the truncations, then the plain set under another seed (results
    are written after each, so a run cut short keeps the first ones)."""
    chosen = [Setting(name=f"select={mode}", select=mode) for mode in selections]
    swept = [Setting(name=f"psi={psi:g}", truncation=psi) for psi in psis]
    return [Setting(name="psi=off"), *chosen, *swept, Setting(name="psi=off seed=1", seed=1)]


def _grid(path: Path, images: np.ndarray) -> None:
    """The images as submitted (black ink on white), 8 per row."""
    ink_dark = torch.from_numpy(ink_on_paper(images[:GRID_IMAGES])).unsqueeze(1).float().div(255)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_image(make_grid(ink_dark, nrow=8, padding=2, pad_value=0.5), path)


def _arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as archive:
        return {name: archive[name] for name in archive.files}


def _score(exported: dict, raw: dict, *, real: np.ndarray, training: np.ndarray, extract, cache_dir: Path,
           classifier) -> dict:
    """exported / raw: the arrays of the setting's images.npz and raw.npz."""
    images = exported["images"]
    inception = MetricContext(real=real, fake=images, extract=extract, cache_dir=cache_dir, seed=0)
    scored = {"fid": fid(inception), "prdc": prdc_metric(inception, k=PRDC_K),
              "ssim_diversity": ssim_diversity(inception, pairs=SSIM_PAIRS)}
    copies = MetricContext(real=training, fake=raw["images"], seed=0)
    duplicates = near_duplicates(copies, ssim_threshold=COPY_SSIM)
    row = {
        "fid": scored["fid"]["fid"],
        "precision": scored["prdc"]["precision"],
        "recall": scored["prdc"]["recall"],
        "coverage": scored["prdc"]["prdc_coverage"],
        "ssim": scored["ssim_diversity"]["ssim_fake"],
        "near_duplicate_rate": duplicates["near_duplicate_rate"],
        "intended_class_accuracy": None,
        "real_ssim": scored["ssim_diversity"]["ssim_real"],
        "real_near_duplicate_rate": duplicates["near_duplicate_rate_real"],
        "fake_count": scored["fid"]["fake_count"],
        "real_count": scored["fid"]["real_count"],
    }
    if "labels" in raw:
        predicted = predict_proba(classifier, raw["images"]).argmax(axis=1)
        row["intended_class_accuracy"] = float((predicted == raw["labels"]).mean())
    return row


def _plot(path: Path, table: pd.DataFrame) -> None:
    """FID and recall against psi; no truncation sits right of the largest psi, selections beside it."""
    swept = table[table["select"] == "none"].query("seed == 0")
    off_x = swept["truncation"].max() + 0.5
    x = swept["truncation"].where(swept["truncation"] > 0, off_x)
    figure, axes = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for axis, column, label in zip(axes, ("fid", "recall"), ("FID (lower is better)", "recall (higher is better)")):
        axis.plot(x, swept[column], "o-", color="black", label="truncation, no selection")
        for (_, row), marker in zip(table[table["select"] != "none"].iterrows(), ("s", "^", "D")):
            axis.plot([off_x], [row[column]], marker, markersize=9, label=f"select={row['select']}, no truncation")
        repeat = table[(table["select"] == "none") & (table["seed"] != 0)]
        axis.plot([off_x] * len(repeat), repeat[column], "x", color="gray", markersize=9, label="no truncation, seed 1")
        ticks = sorted(set(x))
        axis.set_xticks(ticks, [f"{t:g}" if t != off_x else "off" for t in ticks])
        axis.set_xlabel("truncation psi")
        axis.set_ylabel(label)
        axis.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    counts = table.iloc[0]
    figure.suptitle(f"{int(counts['fake_count'])} generated vs {int(counts['real_count'])} real images per point")
    figure.savefig(path, dpi=120)
    plt.close(figure)


def _markdown(table: pd.DataFrame) -> str:
    columns = ["setting", "fid", "precision", "recall", "coverage", "ssim", "near_duplicate_rate",
               "intended_class_accuracy", "seconds"]
    return table[columns].to_markdown(index=False, floatfmt=".3f")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=Path, default=REPO / "models", help="generator_best.pt, checkpoint.pt, classifier.pt")
    parser.add_argument("--prepared", type=Path, default=REPO / "data" / "prepared", help="dataset.npz, reference_128.npz, heldout_128.npz")
    parser.add_argument("--count", type=int, default=1000, help="images per setting (and real images they meet)")
    parser.add_argument("--oversample", type=float, default=2.0, help="draws per kept image for the selections")
    parser.add_argument("--psi", type=float, nargs="+", default=[2.0, 1.5, 1.0, 0.7, 0.5], help="truncations swept")
    parser.add_argument("--select", nargs="*", default=["critic", "classifier"],
                        help="selection modes compared (none given: the truncation sweep alone)")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    parser.add_argument("--cache-dir", type=Path, default=REPO / ".cache" / "features", help="real features kept here")
    parser.add_argument("--out", type=Path, default=RESULTS / "sampling.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    load_before = os.getloadavg()
    started = time.perf_counter()

    generator, checkpoint, classifier_path = (args.models / name for name in
                                              ("generator_best.pt", "checkpoint.pt", "classifier.pt"))
    reference_path, dataset_path = args.prepared / "reference_128.npz", args.prepared / "dataset.npz"
    heldout = load_heldout_pack(args.prepared / "heldout_128.npz")
    real_set = "held-out" if heldout is not None else "training"
    if heldout is None:
        heldout = load_image_pack(reference_path, what="reference images", fix="run calligan prepare")
    training = load_image_pack(dataset_path, what="prepared dataset", fix="run calligan prepare")["images"]
    real, _ = disjoint_subsamples(heldout["images"], count=args.count, seed=0)  # evaluate's scored real draw
    extract = InceptionFeatures(device="cpu", progress=False)
    classifier, _ = load_classifier(classifier_path)
    trained = safe_load(checkpoint, map_location="cpu", what="the training checkpoint")
    critic = {"checkpoint": str(checkpoint), "step": int(trained["step"]),
              "generator_best_step": None if trained.get("best") is None else int(trained["best"]["step"])}
    grids = args.out.with_suffix("")

    rows = []
    with tempfile.TemporaryDirectory(prefix="calligan-sampling-") as scratch:
        for setting in _settings(args.psi, selections=args.select):
            params = GenerateParams(
                count=args.count, seed=setting.seed, device="cpu", generator_file=str(generator),
                reference=str(reference_path), out=str(Path(scratch) / setting.name.replace(" ", "_")),
                truncation=setting.truncation, select=setting.select,
                oversample=1.0 if setting.select == "none" else args.oversample,
                critic=str(checkpoint), classifier=str(classifier_path),
            )
            begin = time.perf_counter()
            generate_stage.run(params, progress=False)
            seconds = time.perf_counter() - begin
            exported, raw = _arrays(Path(params.out) / "images.npz"), _arrays(Path(params.out) / "raw.npz")
            row = _score(exported, raw, real=real, training=training, extract=extract, cache_dir=args.cache_dir,
                         classifier=classifier)
            _grid(grids / f"{setting.name.replace(' ', '_')}.png", exported["images"])
            rows.append({"setting": setting.name, **dataclasses.asdict(setting), "oversample": params.oversample,
                         "seconds": seconds, **row})
            print(f"{setting.name}: FID {row['fid']:.2f}, recall {row['recall']:.3f}, {seconds:.1f} s", flush=True)
            context = {"generator": str(generator), "critic": critic, "classifier": str(classifier_path),
                       "real_set": real_set, "count": args.count, "oversample": args.oversample, "torch_threads": args.threads,
                       "load_average_before": load_before, "total_seconds": time.perf_counter() - started}
            _write(args.out, pd.DataFrame(rows), context=context)
    print(_markdown(pd.DataFrame(rows)))
    print(f"JSON in {args.out}, plot in {args.out.with_suffix('.png')}, grids in {grids}/")


def _write(out: Path, table: pd.DataFrame, *, context: dict) -> None:
    plot = out.with_suffix(".png")
    out.parent.mkdir(parents=True, exist_ok=True)
    _plot(plot, table)
    result = {
        "what": "generate stage per setting, scored at the export size as evaluate scores a submission",
        **context,
        "metrics": {"fid_real_count": int(table.iloc[0]["real_count"]), "prdc_k": PRDC_K, "ssim_pairs": SSIM_PAIRS,
                    "near_duplicate_ssim": COPY_SSIM, "near_duplicates_against": "the generated set itself, as drawn"},
        "rows": table.replace({math.nan: None}).to_dict(orient="records"),
        "markdown": _markdown(table),
        "plot": str(plot),
        "load_average_after": os.getloadavg(),
    }
    atomic_write_text(out, json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

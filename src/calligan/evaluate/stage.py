"""Score the generated set: what is submitted (export size) and what the generator drew (its own size).

At the export size the generated images meet real images prepared at that size, so the cost or gain
of upscaling is the difference between the two FIDs in the report. Pixel-space checks (near
duplicates, memorisation) run on the generator's own output against the training images.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from calligan.classifier.scores import score_generated
from calligan.config import Params
from calligan.config.evaluate import EvaluateParams
from calligan.device import resolve_device
from calligan.evaluate.outputs import classes_plot_path, neighbours_path
from calligan.io.atomic import atomic_write_text
from calligan.io.images import load_heldout_pack, load_image_pack
from calligan.metrics.context import MetricContext
from calligan.metrics.copies import memorisation, near_duplicates
from calligan.metrics.diversity import ssim_diversity
from calligan.metrics.features import InceptionFeatures
from calligan.metrics.fid import fid, fid_floor
from calligan.metrics.glyphs import glyph_structure
from calligan.metrics.kid import MIN_KID_SAMPLES, kid
from calligan.metrics.prdc import prdc_metric
from calligan.metrics.stats import disjoint_subsamples, subsample, subsample_indices

PICTURED_PAIRS = 8  # closest pairs of each copy check that the report shows as pictures


def _inception_metrics(ctx: MetricContext, params: EvaluateParams) -> dict[str, Any]:
    count = min(len(ctx.real), len(ctx.fake))
    # Subsets as large as the whole sample would all be the same draw and the std meaningless.
    kid_size = min(params.kid_subset_size, count, max(count // 2, MIN_KID_SAMPLES))
    return {
        "fid": fid(ctx),
        "fid_floor": fid_floor(ctx),
        "kid": kid(ctx, subset_size=kid_size, subsets=params.kid_subsets),
        "prdc": prdc_metric(ctx, k=params.prdc_k),
    }


def _glyph_structure(generated: dict[str, np.ndarray], real: dict[str, np.ndarray], *, count: int, seed: int) -> dict:
    """The strokes of `count` generated images beside as many real ones (packs with `images`, and
    `labels` where they have them: a conditional set is then compared class by class too)."""
    def drawn(pack: dict[str, np.ndarray], seed: int) -> tuple[np.ndarray, np.ndarray | None]:
        chosen = subsample_indices(len(pack["images"]), count=count, seed=seed)
        labels = pack.get("labels")
        return pack["images"][chosen], None if labels is None else labels[chosen]

    (fake, fake_labels), (real_images, real_labels) = drawn(generated, seed + 1), drawn(real, seed)
    if fake_labels is None or real_labels is None:
        fake_labels = real_labels = None
    return glyph_structure(fake, real_images, generated_labels=fake_labels, real_labels=real_labels)


def _write_neighbours(path: Path, copies: dict[str, dict], *, checked: np.ndarray) -> None:
    """Move the copy checks' closest pairs out of the metrics into their own file, as indices into the
    raw generated pack (`checked` maps the checked subset back to it) and into the training pack."""
    def pairs(metric: str, other: str, to_other) -> list[dict]:
        return [
            {"generated": int(checked[query]), other: int(to_other(reference)), "rms": rms, "ssim": similarity}
            for query, reference, rms, similarity in copies[metric].pop("closest")
        ]

    neighbours = {
        "memorisation": pairs("memorisation", "train", lambda j: j),
        "near_duplicates": pairs("near_duplicates", "generated_other", lambda j: checked[j]),
        "rule": copies["memorisation"]["rule"],
    }
    atomic_write_text(path, json.dumps(neighbours, indent=2) + "\n")


def run(config: Params, *, progress: bool = True) -> dict[str, Any]:
    """All metrics as one JSON-ready dict; `config.evaluate` says which files and how many samples.

    Beside `evaluate.out` it writes the report's pictures' sources: `classes.png` (with the classifier)
    and `neighbours.json`, the copy checks' closest pairs.
    """
    params = config.evaluate
    fix_generate = "run `calligan generate`"
    generated_pack = load_image_pack(params.generated, what="generated images", fix=fix_generate)
    generated = generated_pack["images"]
    raw_pack = load_image_pack(params.generated_raw, what="raw generated images", fix=fix_generate)
    raw = raw_pack["images"]
    fix_prepare = "run `calligan prepare`"
    reference_pack = load_image_pack(params.reference, what="real reference images", fix=fix_prepare)
    reference = reference_pack["images"]
    training_pack = load_image_pack(params.real, what="prepared dataset", fix=fix_prepare)
    training = training_pack["images"]
    heldout_pack = load_heldout_pack(params.heldout, size=generated.shape[-1])
    heldout = None if heldout_pack is None else heldout_pack["images"]
    # None: prepare held nothing out, so every figure is against the images the generator trained on
    reference_kind = "heldout" if heldout is not None else "train"

    extract = InceptionFeatures(
        weights=params.fid_weights,
        device=str(resolve_device(params.device, setting="evaluate.device")),
        batch_size=params.batch_size,
        progress=progress,
    )
    seed = params.seed

    def scored_pair(real: np.ndarray, fake: np.ndarray) -> MetricContext:
        scored, other = disjoint_subsamples(real, count=params.samples, seed=seed)
        return MetricContext(
            real=scored,
            fake=subsample(fake, count=params.samples, seed=seed + 1),
            floor_real=other,
            extract=extract,
            cache_dir=params.cache_dir,
            seed=seed,
        )

    def scores(ctx: MetricContext, *, against: str) -> dict[str, Any]:
        return {"image_size": int(ctx.fake.shape[-1]), "reference": against, **_inception_metrics(ctx, params)}

    # The headline: the submitted images against real ones the generator never saw.
    scored_pool = reference if heldout is None else heldout
    export_ctx = scored_pair(scored_pool, generated)
    result: dict[str, Any] = {"export": scores(export_ctx, against=reference_kind)}
    if heldout is not None:
        # ... and against its training images, for the gap between the two
        scored, other = disjoint_subsamples(reference, count=params.samples, seed=seed)
        result["export_train"] = scores(export_ctx.against(scored, floor_real=other), against="train")
    diversity = MetricContext(real=export_ctx.real, fake=subsample(generated, count=params.copy_samples, seed=seed + 1),
                              seed=seed)
    result["export"]["ssim_diversity"] = ssim_diversity(diversity, pairs=params.ssim_pairs)

    result["glyphs"] = _glyph_structure(generated_pack, reference_pack if heldout_pack is None else heldout_pack,
                                        count=params.glyph_samples, seed=seed)

    if raw.shape[-1] != generated.shape[-1]:
        raw_real = training_pack if heldout is None else load_heldout_pack(params.heldout_raw, size=raw.shape[-1])
        result["raw"] = scores(scored_pair(raw_real["images"], raw), against=reference_kind)
        # The generator's own strokes, before the upscale and intensity matching the export goes through
        result["glyphs_raw"] = _glyph_structure(raw_pack, raw_real, count=params.glyph_samples, seed=seed)

    checked = subsample_indices(len(raw), count=params.copy_samples, seed=seed + 1)
    copies = MetricContext(real=training, fake=raw[checked], seed=seed)
    rule = {"ssim_threshold": params.copy_ssim_threshold, "closest": PICTURED_PAIRS}
    result["copies"] = {"near_duplicates": near_duplicates(copies, **rule), "memorisation": memorisation(copies, **rule)}
    _write_neighbours(neighbours_path(params.out), result["copies"], checked=checked)

    if params.classifier:
        # The classifier learned the training-size images, so it judges the generator's own output.
        result["classifier"] = score_generated(
            params=config.classifier,
            generated=params.generated_raw,
            classes_plot=classes_plot_path(params.out),
            train_classifiers=params.classifier_training,
        )
    scored_fake, scored_real = len(export_ctx.fake), len(export_ctx.real)
    scored_against = ("held-out real images the generator never trained on" if heldout is not None else
                      "the training images (prepare.holdout is false: no image was held out)")
    summary = {
        "fid": result["export"]["fid"]["fid"],
        "fid_floor": result["export"]["fid_floor"]["fid_floor"],
        "kid": result["export"]["kid"]["kid_mean"],
        "reference": reference_kind,
        **({"fid_train": result["export_train"]["fid"]["fid"],
            "fid_train_floor": result["export_train"]["fid_floor"]["fid_floor"]} if "export_train" in result else {}),
        "generated_count": len(generated),
        "scored_fake_count": scored_fake,
        "scored_real_count": scored_real,
        "device": str(extract.device),
        "note": (
            f"Inception metrics on {scored_fake} of {len(generated)} generated and {scored_real} of "
            f"{len(scored_pool)} {scored_against} (evaluate.samples={params.samples}; 0 = all)"
        ),
    }
    # Summary first: it is what a reader (and the report's table) should meet before the details.
    return {"summary": summary, **result}

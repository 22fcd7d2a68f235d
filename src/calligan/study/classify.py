"""The five classifiers of one run, each tested on the held-out real images.

Every arm is the classifier stage's recipe (classifier: group) trained for the same `study.classifier_steps`
from the same initial weights (the recipe's seed is the run's seed), with the same batch order
wherever two arms hold the same images: the arms differ only in what they learn from.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable

import numpy as np
import torch

from calligan.classifier.fit import FitRecipe, accuracy, fit_classifier
from calligan.classifier.stage import recipe_of
from calligan.config.classifier import ClassifierParams
from calligan.config.study import StudyParams
from calligan.device import resolve_device
from calligan.errors import CalliganError
from calligan.io.atomic import atomic_write_text
from calligan.io.images import load_heldout_pack, load_image_pack
from calligan.study.arms import ARMS
from calligan.study.classic import ClassicAugment
from calligan.study.paths import run_paths
from calligan.study.subset import read_record

Images = tuple[np.ndarray, np.ndarray]  # uint8 (N, H, W) images and their int64 labels


def train_arms(*, real: Images, generated: Images, test: Images, n_classes: int, recipe: FitRecipe, steps: int,
               classic: Callable[[], Callable[[torch.Tensor], torch.Tensor]], device: str = "cpu",
               progress: bool = False) -> dict[str, dict]:
    """Held-out accuracy and training-set sizes of every arm of ARMS.

    classic: makes the augmentation of a classic arm; called once per such arm so that each starts
    its stream from the same seed. In real_classic_gan it warps the generated images too: a
    classifier trained with classic augmentation applies it to whatever it learns from.
    progress: a tqdm bar per arm.
    """
    results = {}
    for arm in ARMS:
        parts = [part for part, used in ((real, arm.real), (generated, arm.generated)) if used]
        model = fit_classifier(
            images=np.concatenate([images for images, _ in parts]),
            labels=np.concatenate([labels for _, labels in parts]),
            n_classes=n_classes, recipe=recipe, steps=steps, device=device, progress=progress,
            augment=classic() if arm.classic else None,
        )
        results[arm.name] = {
            "accuracy": accuracy(model, *test),
            "n_real": int(len(real[1])) if arm.real else 0,
            "n_generated": int(len(generated[1])) if arm.generated else 0,
            "classic": arm.classic,
        }
    return results


def _generated(path: os.PathLike, *, n_classes: int, size: int) -> Images:
    fix = "run `calligan study generate` for this k and seed"
    pack = load_image_pack(path, what="the run's generated images", fix=fix, size=size)
    if "labels" not in pack or not bool(pack.get("conditional", False)):
        raise CalliganError(f"{path}: the images carry no intended classes; the study needs a class-conditional "
                            "GAN (train.conditional auto or true with wgan-gp, dcgan or hinge)")
    labels = pack["labels"].astype(np.int64)
    if labels.min() < 0 or labels.max() >= n_classes:
        raise CalliganError(f"{path}: labels outside the subset's {n_classes} classes; {fix}")
    return pack["images"], labels


def classify_run(study: StudyParams, classifier: ClassifierParams, *, k: int, seed: int,
                 progress: bool = False) -> dict:
    """Train and test the five arms of the (k, seed) run, write the run's arms.json, and return it.

    progress: a tqdm bar per arm.
    """
    paths = run_paths(study, k=k, seed=seed)
    record = read_record(paths.subset_record)
    subset = load_image_pack(paths.subset, what="the run's subset", fix="run `calligan study subset` first")
    classes = [str(name) for name in subset["classes"]]
    size = subset["images"].shape[-1]
    # the pack the subset was checked against, as subset.json names it
    heldout = load_heldout_pack(record["heldout"], size=size)
    if heldout is None:
        raise CalliganError(f"{record['heldout']}: no held-out images to test the arms on; run `calligan prepare` "
                            "with prepare.holdout true")
    if [str(name) for name in heldout["classes"]] != classes:
        raise CalliganError(f"{record['heldout']}: other classes than {paths.subset}; rerun `calligan prepare` "
                            "and the study")
    generated = _generated(paths.generated_raw, n_classes=len(classes), size=size)
    device = str(resolve_device(classifier.device, setting="classifier.device"))
    torch.set_num_threads(classifier.threads or len(os.sched_getaffinity(0)))
    recipe = dataclasses.replace(recipe_of(classifier), seed=seed)
    arms = train_arms(
        real=(subset["images"], subset["labels"].astype(np.int64)),
        generated=generated,
        test=(heldout["images"], heldout["labels"].astype(np.int64)),
        n_classes=len(classes), recipe=recipe, steps=study.classifier_steps, device=device,
        classic=lambda: ClassicAugment.from_params(study, seed=seed), progress=progress,
    )
    result = {
        "k": k,
        "seed": seed,
        "steps": study.classifier_steps,
        "recipe": dataclasses.asdict(recipe),
        "n_classes": len(classes),
        "n_test": int(len(heldout["labels"])),
        "arms": arms,
    }
    atomic_write_text(paths.arms, json.dumps(result, indent=2) + "\n")
    return result

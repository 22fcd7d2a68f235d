"""The generate stage: trained generator -> `images.npz` at the export size and `raw.npz` as drawn."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from calligan.config.generate import GenerateParams
from calligan.device import resolve_device
from calligan.errors import CalliganError
from calligan.gans.generator_file import load_generator
from calligan.generate.postprocess import (bicubic, check_resolution, erase_specks, level_counts, load_reference,
                                           match_to_reference, speck_area)
from calligan.generate.sampling import Samples, image_seeds, sample_images, settle_at_truncation
from calligan.generate.selection import load_scorer, select_best
from calligan.io.npz import save_npz

IMAGES_NAME = "images.npz"  # what export and evaluate read: export_size, ink bright on dark
RAW_NAME = "raw.npz"  # the generator's own resolution, for like-for-like scoring against real data


@dataclass(frozen=True)
class GenerateResult:
    images: Path  # the images.npz written
    raw: Path  # the raw.npz written
    count: int  # images in each
    drawn: int  # images drawn to choose them from (count unless generate.select ranks an oversampled set)
    generator_size: int  # side of the raw images
    export_size: int  # side of the final images
    labelled: bool  # whether the files carry `labels`
    specks_erased: int  # ink components under speck_area_px erased from the final images
    speck_area_px: int  # the smallest ink area kept (0: generate.speck_width is off)


def _arrays(images: np.ndarray, samples: Samples, *, conditional: bool) -> dict[str, np.ndarray]:
    """conditional: the generator's own flag, kept so that scoring can refuse `labels` of any other origin."""
    arrays = {"images": images, "seeds": samples.seeds, "conditional": np.array(conditional)}
    if samples.labels is not None:
        arrays["labels"] = samples.labels
    if samples.codes is not None:
        arrays["codes"] = samples.codes
    return arrays


def run(params: GenerateParams, *, progress: bool = True) -> GenerateResult:
    """Every check runs before the first image is drawn; progress: show tqdm bars."""
    if not Path(params.generator_file).is_file():
        raise CalliganError(
            f"{params.generator_file}: generator not found; run `calligan train` or set generate.generator_file"
        )
    device = resolve_device(params.device, setting="generate.device")
    generator, spec = load_generator(params.generator_file, map_location=device)
    if spec.channels != 1:
        raise CalliganError(
            f"{params.generator_file}: the generator draws {spec.channels} channels; only grayscale (1) is exported"
        )
    check_resolution(generator_size=spec.image_size, export_size=params.export_size, upscale=params.upscale)
    matched = params.upscale == "bicubic-matched"
    reference = (load_reference(params.reference, size=params.export_size)
                 if matched or params.speck_width else None)
    counts = level_counts(reference) if matched else None
    min_area = speck_area(reference, width_fraction=params.speck_width) if params.speck_width else 0
    del reference  # 16k images at 128 px are 256 MiB, not needed while drawing
    score = load_scorer(params, spec=spec, device=device)
    # Transposed convolutions run faster channels-last on oneDNN and cuDNN (see the benchmark).
    generator.to(memory_format=torch.channels_last)

    if params.truncation:
        settle_at_truncation(generator, spec, psi=params.truncation, device=device)
    drawn = round(params.count * params.oversample)
    samples = sample_images(
        generator,
        spec,
        seeds=image_seeds(seed=params.seed, count=drawn),
        batch_size=params.batch_size,
        device=device,
        truncation=params.truncation,
        progress=progress,
    )
    if score is not None:
        samples = samples.take(select_best(score(samples), labels=samples.labels, count=params.count,
                                           num_classes=spec.num_classes))
    images = samples.images if params.upscale == "none" else bicubic(samples.images, size=params.export_size)
    if counts is not None:
        images = match_to_reference(images, reference_counts=counts)
    erased = 0
    if min_area:
        images, erased = erase_specks(images, min_area=min_area)

    out = Path(params.out)
    save_npz(out / RAW_NAME, _arrays(samples.images, samples, conditional=spec.conditional))
    save_npz(out / IMAGES_NAME, _arrays(images, samples, conditional=spec.conditional))
    return GenerateResult(
        images=out / IMAGES_NAME,
        raw=out / RAW_NAME,
        count=params.count,
        drawn=drawn,
        generator_size=spec.image_size,
        export_size=params.export_size,
        labelled=samples.labels is not None,
        specks_erased=erased,
        speck_area_px=min_area,
    )

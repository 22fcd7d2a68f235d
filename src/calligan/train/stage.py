"""The train stage: `run` trains (or continues) the run its params describe, every GAN family through
one loop, and writes the generator, the checkpoint and the reports.

Per generator step (`steps.TrainingStep`): `n_critic` discriminator/critic updates on fresh real
batches (G frozen), one generator update (D frozen), one EMA update. Every image D sees goes through
the run's augmentation (`train.augment`, ADA's p when `augment_p: auto`). Statistics stay on the device and are read only
when a log row, a sample grid, an evaluation or a checkpoint is due; a NaN/inf found then stops the
run before anything is written, so the last checkpoint on disk is always a good one. Every
`eval_every` steps the EMA generator is scored (FID, classifier accuracy) and the best one so far is
kept, inside the checkpoint, so a resumed run knows it too.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from tqdm import tqdm

from calligan.config.train import TrainParams
from calligan.data.dataset import PackedDataset
from calligan.errors import CalliganError
from calligan.gans.registry import build_family, family_class
from calligan.gans.spec import ModelSpec
from calligan.gans.standing import STANDING_BATCHES, STANDING_BATCH_SIZE, standing_statistics
from calligan.io.atomic import atomic_write_bytes
from calligan.io.images import load_heldout_pack
from calligan.train.augment import Augmenter
from calligan.train.evaluation import TrainingEvaluator, fixed_latent
from calligan.gans.generator_file import save_generator
from calligan.train.outputs import TrainLog, publish_reports, remove_pictures_after, save_grid
from calligan.train.runtime import Dist, all_true, barrier, init_process_group, resolve_runtime, wrap
from calligan.train.state import (BatchStream, TrainState, data_digest, reseed_for_rank, run_fingerprint,
                                  save_checkpoint, seed_everything)
from calligan.train.steps import TrainingStep, build_optimizers, make_ema, non_finite_error


def load_training_set(path: str | os.PathLike) -> PackedDataset:
    """The prepared training set, checked for what the engine relies on: uint8 square images, one label each."""
    try:
        data = PackedDataset(path)
    except (KeyError, ValueError, OSError) as exc:
        raise CalliganError(f"{path}: not a prepared dataset (needs images, labels, classes): {exc}; "
                            "rerun `calligan prepare`") from None
    images, labels = data.images, data.labels
    if images.dtype.name != "uint8" or images.ndim != 3 or images.shape[1] != images.shape[2]:
        raise CalliganError(f"{path}: images must be uint8 [N, S, S], got {images.dtype} {images.shape}; "
                            "rerun `calligan prepare`")
    if len(images) == 0 or labels.shape != (len(images),):
        raise CalliganError(f"{path}: {len(images)} images but labels of shape {labels.shape}; rerun `calligan prepare`")
    return data


def conditional(params: TrainParams, *, num_classes: int) -> bool:
    """`train.conditional` resolved: auto means labels whenever there are several classes and the
    family takes them (the labels are free supervision a small dataset should not throw away)."""
    if params.conditional == "auto":
        return num_classes > 1 and family_class(params.model).takes_labels
    return params.conditional


def model_spec(params: TrainParams, *, image_size: int, num_classes: int) -> ModelSpec:
    """The spec of `params` for the data; what they leave as None, ModelSpec takes from the family."""
    try:
        return ModelSpec(
            family=params.model,
            arch=params.arch,
            image_size=image_size,
            width=params.width,
            latent_dim=params.latent_dim,
            num_classes=num_classes,
            conditional=conditional(params, num_classes=num_classes),
            n_categorical=params.n_categorical,
            n_continuous=params.n_continuous,
        )
    except ValueError as exc:
        raise CalliganError(f"train: {exc}") from None


def make_family(spec: ModelSpec, params: TrainParams):
    """The family with its loss settings read from `params`."""
    try:
        return build_family(spec, params)
    except ValueError as exc:
        raise CalliganError(f"train: {exc}") from None


def _networks(family) -> dict[str, nn.Module]:
    """Every network the family trains (G, D and any extra head), unwrapped, by attribute name."""
    return {name: m for name, m in vars(family).items() if isinstance(m, nn.Module)}


def _settle(ema: nn.Module, latent, runtime) -> None:
    """Standing statistics for the EMA generator from fixed latents (they never touch the run's streams)."""
    with runtime.autocast():
        standing_statistics(ema, latent=latent)


def run(params: TrainParams, *, progress: bool = True) -> int:
    """Train (or continue) the run `params` describes; return the final generator step.

    progress: show the tqdm bar (on the writing process only).
    """
    env = init_process_group()
    try:
        return _run(params, env=env, progress=progress)
    finally:
        if dist.is_available() and dist.is_initialized():
            dist.destroy_process_group()


def _run(params: TrainParams, *, env: Dist, progress: bool) -> int:
    if params.cpu_threads:
        torch.set_num_threads(params.cpu_threads)
    runtime = resolve_runtime(device=params.device, amp=params.amp, channels_last=params.channels_last,
                              local_rank=env.local_rank)
    if runtime.device.type == "cuda":
        # Every step has the same shapes, so cuDNN's timed search for the fastest kernels pays once.
        torch.backends.cudnn.benchmark = True
    data = load_training_set(params.data)
    spec = model_spec(params, image_size=data.images.shape[-1], num_classes=len(data.classes))
    seed_everything(params.seed)  # identical initial weights on every process
    family = make_family(spec, params)
    networks = _networks(family)
    for net in networks.values():
        net.to(runtime.device, memory_format=runtime.memory_format)
    ema = make_ema(family.generator)
    opt_g, opt_d = build_optimizers(family, params, cuda=runtime.device.type == "cuda")
    n_critic = params.n_critic or family.default_n_critic
    latent_rng = torch.Generator(device=runtime.device).manual_seed(params.seed)
    # T draws from the loop's noise stream, so the checkpoint's stream state covers it too.
    augmenter = Augmenter(policy=params.augment, p=params.augment_p, target=params.ada_target,
                          batch=params.batch_size, rng=latent_rng, device=runtime.device)
    stream = BatchStream(torch.from_numpy(data.images).to(runtime.device),
                         torch.from_numpy(data.labels.astype(np.int64)).to(runtime.device),
                         batch_size=params.batch_size, seed=params.seed, rank=env.rank, world_size=env.world_size)
    fingerprint = run_fingerprint(params, digest=data_digest(data.images, data.labels))
    models_dir, reports_dir = Path(params.models_dir), Path(params.reports_dir)
    # A run's working files live in a folder named by its fingerprint, outside what DVC declares as
    # the stage's outputs: DVC deletes outputs before it reruns a stage, so a run killed midway finds
    # its checkpoint, log and grids here and continues; runs with other params never collide.
    run_dir = models_dir / "runs" / fingerprint[:16]
    checkpoint_path = run_dir / "checkpoint.pt"
    if not params.resume and env.is_main:
        shutil.rmtree(run_dir, ignore_errors=True)

    state = TrainState(networks=networks, ema=ema, opt_g=opt_g, opt_d=opt_d, latent_rng=latent_rng, stream=stream,
                       augmenter=augmenter)
    saved_step = state.resume(checkpoint_path, fingerprint=fingerprint) if params.resume else None
    step = saved_step or 0
    if env.rank > 0:
        reseed_for_rank(seed=params.seed, rank=env.rank, step=step, latent=latent_rng)
    if step >= params.steps and env.is_main:
        print(f"calligan train: {checkpoint_path} is already at step {step} >= train.steps={params.steps}; "
              "raise train.steps to train longer")

    if params.compile:
        family.generator = torch.compile(family.generator)
        if not family.eager_discriminator:
            family.discriminator = torch.compile(family.discriminator)
    training_step = TrainingStep(family, state, params=params, n_critic=n_critic,
                                 share=params.batch_size // env.world_size, runtime=runtime)
    family.generator = wrap(family.generator, device=runtime.device)
    family.discriminator = wrap(family.discriminator, device=runtime.device)

    log = TrainLog(run_dir / "log.csv", mirror=reports_dir / "log.csv", resume_step=step) if env.is_main else None
    if env.is_main:
        remove_pictures_after(run_dir, step=step)
    fixed = fixed_latent(family, count=params.grid_samples, seed=params.seed, device=runtime.device)
    standing = fixed_latent(family, count=STANDING_BATCHES * STANDING_BATCH_SIZE, seed=params.seed + 1,
                            device=runtime.device)
    evaluator = None
    if params.eval_every and env.is_main:
        # A run without a held-out pack (data made by hand, a GPU machine given only dataset.npz) still
        # ranks its snapshots, against the training images, and says so.
        heldout = load_heldout_pack(params.heldout, size=spec.image_size) if Path(params.heldout).is_file() else None
        if heldout is None:
            print(f"calligan train: no held-out images in {params.heldout}: FID while training is against training images")
        evaluator = TrainingEvaluator(family, real_images=data.images if heldout is None else heldout["images"],
                                      count=params.eval_samples, seed=params.seed + 2,
                                      classifier=params.classifier, runtime=runtime, cache_dir=run_dir)
        for note in (evaluator.fid_skipped, evaluator.skipped):
            if note:
                print(f"calligan train: {note}")
    last_step, last_time = step, time.perf_counter()
    bar = tqdm(total=params.steps, initial=step, disable=not (progress and env.is_main),
               desc=f"train {spec.family}", unit="step", dynamic_ncols=True)
    while step < params.steps:
        step += 1
        training_step(step)
        bar.update(1)

        at_end = step == params.steps
        log_now = at_end or step % params.log_every == 0
        sample_now = at_end or step % params.sample_every == 0
        checkpoint_now = at_end or step % params.checkpoint_every == 0
        eval_now = bool(params.eval_every) and (at_end or step % params.eval_every == 0)
        log_now = log_now or eval_now
        if not (log_now or sample_now or checkpoint_now):
            continue
        bad = training_step.stats.bad_step()
        if not all_true(bad is None, device=runtime.device):
            raise non_finite_error(step=bad or step, checkpoint_step=saved_step, checkpoint=str(checkpoint_path))
        if env.is_main and (sample_now or eval_now):
            _settle(ema, standing, runtime)
        if log_now:
            means = training_step.stats.means()
            now = time.perf_counter()
            images_per_s = (step - last_step) * n_critic * params.batch_size / (now - last_time)
            if eval_now and evaluator is not None:
                scored = evaluator(ema)
                means.update(fid=scored.fid, conditional_accuracy=scored.conditional_accuracy)
                if scored.fid is not None:
                    state.offer_best(fid=scored.fid, step=step)
            last_step, last_time = step, time.perf_counter()  # the evaluation is not training time
            if env.is_main:
                log.append({"step": step, **means, "images_per_s": images_per_s})
                bar.set_postfix({k: f"{means[k]:.3g}" for k in (*family.progress, "fid") if means.get(k) is not None})
        if sample_now and env.is_main:
            with torch.no_grad(), runtime.autocast():
                save_grid(run_dir / f"grid_{step:06d}.png", ema(fixed.z, fixed.labels))
        if checkpoint_now:
            if env.is_main:
                save_checkpoint(checkpoint_path, state.checkpoint(step=step, fingerprint=fingerprint,
                                                                  params=params, spec=spec))
            saved_step = step
            barrier()
    bar.close()

    if env.is_main:
        save_generator(models_dir / "generator.pt", generator=ema, spec=spec)
        # Without evaluations there is no "best": the last EMA generator stands in, so generate's
        # default input always exists.
        save_generator(models_dir / "generator_best.pt", generator=state.best_generator() or ema, spec=spec)
        atomic_write_bytes(models_dir / "checkpoint.pt", checkpoint_path.read_bytes())
        publish_reports(reports_dir, run_dir=run_dir, log=log, generator=ema, spec=spec, seed=params.seed,
                        runtime=runtime)
    return step

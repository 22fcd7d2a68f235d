"""The run's own TrainingStep around a family, for the tests that step it by hand: the same optimisers,
freezing, augmentation, fakes and updates as `calligan train`, with the batch and latent the test picks."""

from __future__ import annotations

import torch

from calligan.config.train import TrainParams
from calligan.gans.family import GanFamily
from calligan.gans.latent import Latent
from calligan.train.augment import Augmenter
from calligan.train.runtime import Runtime, resolve_runtime
from calligan.train.state import BatchStream, TrainState
from calligan.train.steps import TrainingStep, build_optimizers, make_ema

CPU = resolve_runtime(device="cpu", amp="off", channels_last=False)


def training_step(family: GanFamily, *, params: TrainParams = TrainParams(), runtime: Runtime = CPU,
                  optimizers: tuple[torch.optim.Optimizer, torch.optim.Optimizer] | None = None,
                  augmenter: Augmenter | None = None, stream: BatchStream | None = None) -> TrainingStep:
    """params: the run's settings (optimisers, batch size, n_critic; by default the family's own);
    optimizers: (G's, D's) in place of the run's; augmenter: T (default: none); stream: the real batches
    for calling the step whole (None: only `update_discriminator`/`update_generator` are called)."""
    opt_g, opt_d = optimizers or build_optimizers(family, params, cuda=runtime.device.type == "cuda")
    augmenter = augmenter or Augmenter(policy=(), p=0.0, target=params.ada_target, batch=params.batch_size,
                                       rng=None, device=runtime.device)
    state = TrainState(networks={"generator": family.generator, "discriminator": family.discriminator},
                       ema=make_ema(family.generator), opt_g=opt_g, opt_d=opt_d,
                       latent_rng=torch.Generator(device=runtime.device).manual_seed(params.seed), stream=stream,
                       augmenter=augmenter)
    return TrainingStep(family, state, params=params, n_critic=params.n_critic or family.default_n_critic,
                        share=params.batch_size, runtime=runtime)


def discriminator_loss(family: GanFamily, real: torch.Tensor, real_labels: torch.Tensor | None, latent: Latent):
    """The family's D loss and statistics as the step computes them, with D seen plainly (no augmentation)
    and nothing stepped: for the tests of a family's losses alone."""
    with torch.no_grad():
        fake = family.generator(latent.z, latent.labels)
    return family.discriminator_loss(family.discriminator, real=real, real_labels=real_labels, fake=fake, latent=latent)


def generator_loss(family: GanFamily, latent: Latent):
    """The family's G loss and statistics, likewise."""
    return family.generator_loss(family.discriminator, fake=family.generator(latent.z, latent.labels), latent=latent)

"""One training step, as every GAN family takes it: `n_critic` discriminator/critic updates on fresh
real batches (G frozen), one generator update (D frozen), one update of the generator's exponential
moving average; the two optimisers that make the updates; and the step's statistics, which stay on
the device until a log row reads them.

The step owns everything but the losses: the real batch, the noise, G's images, the augmentation T in
front of D (`augmented_critic`), zero_grad, backward, the optimiser steps, ADA's feedback and the EMA.
The family (calligan.gans) turns scores into a loss and its statistics; the losses themselves are the
pure functions of calligan.losses. docs/architecture.md follows one step through these three files.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

import torch
from torch import nn

from calligan.config.train import TrainParams
from calligan.errors import CalliganError
from calligan.gans.family import Critic, GanFamily, Stats
from calligan.gans.latent import Latent
from calligan.train.augment import Augmenter
from calligan.train.runtime import Runtime, no_sync
from calligan.train.state import TrainState


class TrainingStep:
    """One generator step of the run, called once per step: `n_critic` D updates, one G update, one
    EMA update; every loss and statistic goes into `stats`."""

    def __init__(self, family: GanFamily, state: TrainState, *, params: TrainParams, n_critic: int, share: int,
                 runtime: Runtime) -> None:
        """family: the run's GanFamily, its networks on the device; state: the optimisers, the EMA, the
        noise stream, the real-data order and the augmenter the step uses; n_critic: D updates per G
        update; share: this process's images per batch."""
        self.family, self.state, self.params = family, state, params
        self.n_critic, self.share, self.runtime = n_critic, share, runtime
        self.d_params, self.g_params = family.discriminator_parameters(), family.generator_parameters()
        self.critic = augmented_critic(family, state.augmenter)
        self.stats = StepStats(runtime.device)

    def __call__(self, step: int) -> None:
        """Train generator step `step` (1-based, as logged)."""
        family, state, params, runtime = self.family, self.state, self.params, self.runtime
        for _ in range(self.n_critic):
            real, real_labels = state.stream.next()
            latent = family.sample_latent(self.share, rng=state.latent_rng, device=runtime.device)
            loss, step_stats = self.update_discriminator(real, real_labels, latent)
            state.augmenter.observe(step_stats["ada_r_t"])
            self.stats.add(step=step, losses=[loss],
                           stats={"d_loss": loss, **step_stats, "augment_p": state.augmenter.p})
        latent = family.sample_latent(self.share, rng=state.latent_rng, device=runtime.device)
        loss, step_stats = self.update_generator(latent)
        half_life = ema_half_life(images_seen=step * params.batch_size, half_life_images=params.ema_half_life_images,
                                  rampup=params.ema_rampup)
        # The EMA follows the unwrapped G: compile and DDP wrap only what the losses call.
        update_ema(state.ema, state.networks["generator"],
                   beta=ema_beta(batch=params.batch_size, half_life_images=half_life))
        self.stats.add(step=step, losses=[loss], stats={"g_loss": loss, **step_stats})

    def update_discriminator(self, real: torch.Tensor, real_labels: torch.Tensor,
                             latent: Latent) -> tuple[torch.Tensor, Stats]:
        """One update of D, G frozen, on a real batch and G's images of `latent`: (loss, statistics).

        real: [b, C, S, S] in [-1, 1]; real_labels: [b], which D sees only when the model is conditional.
        """
        family, runtime, optimizer = self.family, self.runtime, self.state.opt_d
        train_only(trainable=self.d_params, frozen=self.g_params)
        real = real.contiguous(memory_format=runtime.memory_format)
        labels = real_labels if family.spec.conditional else None
        optimizer.zero_grad(set_to_none=True)
        with runtime.autocast():
            with torch.no_grad():  # D's step never reaches G
                fake = family.generator(latent.z, latent.labels)
            loss, stats = family.discriminator_loss(self.critic, real=real, real_labels=labels, fake=fake, latent=latent)
        loss.backward()
        optimizer.step()
        family.after_discriminator_step()
        return loss, stats

    def update_generator(self, latent: Latent) -> tuple[torch.Tensor, Stats]:
        """One update of G through the frozen D on its images of `latent`: (loss, statistics)."""
        family, runtime, optimizer = self.family, self.runtime, self.state.opt_g
        train_only(trainable=self.g_params, frozen=self.d_params)
        optimizer.zero_grad(set_to_none=True)
        with runtime.autocast(), no_sync(family.discriminator):
            fake = family.generator(latent.z, latent.labels)
            loss, stats = family.generator_loss(self.critic, fake=fake, latent=latent)
        loss.backward()
        optimizer.step()
        return loss, stats


def augmented_critic(family: GanFamily, augment: Augmenter) -> Critic:
    """D behind T: every image D scores in a loss, real or fake, in D's step and in G's, passes through
    the run's augmentation first, so D cannot tell real from fake by an augmentation artefact and G's
    gradients reach it through T. D is looked up at each call, since the run may wrap it after this."""
    return lambda images, labels, **kwargs: family.discriminator(augment(images), labels, **kwargs)


def train_only(*, trainable: Iterable[nn.Parameter], frozen: Iterable[nn.Parameter]) -> None:
    """Freeze one side so its gradients are neither computed nor kept while the other side steps."""
    for p in frozen:
        p.requires_grad_(False)
    for p in trainable:
        p.requires_grad_(True)


_OPTIMIZERS = {"adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop}


def _build_optimizer(parameters, *, default: dict, name: str | None, lr: float | None,
           betas: tuple[float, float] | None, fused: bool) -> torch.optim.Optimizer:
    kwargs = dict(default)
    name = name or kwargs.pop("name")
    kwargs.pop("name", None)
    if name not in _OPTIMIZERS:
        raise CalliganError(f"optimizer {name!r} is not one of {', '.join(_OPTIMIZERS)}; set train.optimizer")
    if lr is not None:
        kwargs["lr"] = lr
    if name == "adam":
        if betas is not None:
            kwargs["betas"] = betas
        if "betas" in kwargs:
            kwargs["betas"] = tuple(float(b) for b in kwargs["betas"])  # this torch rejects mixed int/float
        kwargs["fused"] = fused
    else:
        kwargs.pop("betas", None)
    return _OPTIMIZERS[name](list(parameters), **kwargs)


def build_optimizers(family, params: TrainParams, *, cuda: bool) -> tuple[torch.optim.Optimizer, torch.optim.Optimizer]:
    """(generator optimiser over G, discriminator optimiser over D [with InfoGAN's Q]): the family's
    defaults with the run's overrides on top; fused Adam on CUDA."""
    common = {"default": family.default_optimizer, "name": params.optimizer, "betas": params.betas, "fused": cuda}
    opt_g = _build_optimizer(family.generator_parameters(), lr=params.lr_g, **common)
    opt_d = _build_optimizer(family.discriminator_parameters(), lr=params.lr_d, **common)
    return opt_g, opt_d


def ema_beta(*, batch: int, half_life_images: float) -> float:
    """Decay per update so that a weight's influence halves every `half_life_images` images.

    batch: images per generator update, over all processes.
    """
    return 0.5 ** (batch / half_life_images)


def ema_half_life(*, images_seen: int, half_life_images: float, rampup: float) -> float:
    """The half-life to use now: at most `rampup` x the images seen so far, so that early on the
    average does not stay anchored to the random initial weights (stylegan2-ada's ema_rampup).

    rampup: 0 turns the ramp off (a fixed half-life from the start).
    """
    if rampup <= 0:
        return half_life_images
    return min(half_life_images, images_seen * rampup)


def make_ema(generator: nn.Module) -> nn.Module:
    """A frozen copy of `generator`, in eval mode, that only `update_ema` changes."""
    ema = copy.deepcopy(generator).eval()
    ema.requires_grad_(False)
    return ema


@torch.no_grad()
def update_ema(ema: nn.Module, generator: nn.Module, *, beta: float) -> None:
    """ema = beta * ema + (1 - beta) * generator for parameters; buffers (BatchNorm statistics) copied.

    `ema` is `make_ema`'s copy, so every tensor pairs with one of the same dtype and shape.
    """
    # One multi-tensor kernel per list on CUDA instead of one launch per tensor: at GPU speed the
    # launches, not the arithmetic, are what an update costs. On CPU the same per-tensor ops run.
    torch._foreach_lerp_(list(ema.parameters()), list(generator.parameters()), 1.0 - beta)
    buffers = list(ema.buffers())
    if buffers:
        torch._foreach_copy_(buffers, list(generator.buffers()))


class StepStats:
    """Per-step losses summed on the device and read once per log row (no GPU sync every step)."""

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self._sums: dict[str, torch.Tensor] = {}
        self._counts: dict[str, int] = {}
        # The first step whose loss was NaN/inf, -1 while all are finite; kept on the device.
        self.first_bad = torch.full((), -1, dtype=torch.int64, device=device)

    def add(self, *, step: int, losses: list[torch.Tensor], stats: dict[str, torch.Tensor]) -> None:
        """step: the generator step these losses belong to (1-based, as logged)."""
        for key, value in stats.items():
            value = value.detach().float()
            self._sums[key] = self._sums[key] + value if key in self._sums else value
            self._counts[key] = self._counts.get(key, 0) + 1
        finite = torch.stack([loss.detach().float() for loss in losses]).isfinite().all()
        self.first_bad = torch.where((self.first_bad < 0) & ~finite, step, self.first_bad)

    def bad_step(self) -> int | None:
        bad = int(self.first_bad.item())
        return bad if bad >= 0 else None

    def means(self) -> dict[str, float]:
        """Mean of every statistic since the last call, then start over."""
        out = {key: float(total.item()) / self._counts[key] for key, total in self._sums.items()}
        self._sums, self._counts = {}, {}
        return out


def non_finite_error(*, step: int, checkpoint_step: int | None, checkpoint: str) -> CalliganError:
    kept = (f"{checkpoint} still holds step {checkpoint_step}, the last good state" if checkpoint_step is not None
            else "no checkpoint was written")
    return CalliganError(f"a loss became NaN or infinite at step {step}; training stopped and {kept}. "
                         "Lower train.lr_g/train.lr_d (or use wgan-gp), then rerun")

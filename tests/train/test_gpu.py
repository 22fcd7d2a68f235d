"""The training step on CUDA: bf16 autocast, the penalty's double backward, channels_last, compile,
host syncs, and generate's CUDA images against its CPU ones.

Tests marked `gpu` need a CUDA device and are skipped with the reason where none is visible
(`scripts/gpu_run.sh` runs them on one). The checks that hold on any device are parametrised over
the CPU too, so every run of the suite exercises them: the CPU's autocast has bf16 as well.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from calligan import losses
from calligan.config.generate import GenerateParams
from calligan.config.train import TrainParams
from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec
from calligan.generate import stage as generate_stage
from calligan.train import stage
from calligan.train.augment import Augmenter
from calligan.gans.generator_file import load_generator, save_generator
from calligan.train.runtime import Runtime
from calligan.train.state import BatchStream
from calligan.train.steps import make_ema
from tests.engine import training_step

DEVICES = [pytest.param("cpu", id="cpu"), pytest.param("cuda", id="cuda", marks=pytest.mark.gpu)]
# (family, arch, conditional): every family, and each WGAN-GP architecture.
FAMILIES = [
    pytest.param("gan", "mlp", False, id="gan"),
    pytest.param("dcgan", "dcgan", True, id="dcgan"),
    pytest.param("infogan", "dcgan", False, id="infogan"),
    pytest.param("wgan", "dcgan", False, id="wgan"),
    pytest.param("wgan-gp", "dcgan", True, id="wgan-gp-dcgan"),
    pytest.param("wgan-gp", "resnet", True, id="wgan-gp-resnet"),
]
SIZE, BATCH, CLASSES = 32, 8, 3
# bf16 keeps 8 significant bits (0.4 % per rounding); the penalty is a norm of a gradient taken
# through every layer twice, and at initialisation it differed from float32 by at most 2.6 % on CPU.
PENALTY_RTOL, PENALTY_ATOL = 5e-2, 1e-3
# float32 in both layouts (TF32 off): only the order of the sums differs, 3e-6 of the largest value on
# the CPU; cuDNN may pick another algorithm per layout (Winograd, FFT), with errors up to ~1e-4. A layout
# bug (channels read in the wrong order) is off by the values themselves.
LAYOUT_RTOL = 1e-3


def _tiny(family: str, arch: str, conditional: bool, *, device: str, seed: int = 0, channels_last: bool = False):
    """The family's networks at 32 px, width 8, from `seed`, on `device` (in channels_last if asked)."""
    infogan = family == "infogan"
    spec = ModelSpec(family=family, arch=arch, image_size=SIZE, width=8, num_classes=CLASSES,
                     conditional=conditional, n_categorical=4 if infogan else 0, n_continuous=1 if infogan else 0)
    torch.manual_seed(seed)
    built = build_family(spec)
    layout = torch.channels_last if channels_last else torch.contiguous_format
    for net in (built.generator, built.discriminator):
        net.to(device, memory_format=layout)
    return built


def _real(device: str) -> tuple[torch.Tensor, torch.Tensor]:
    """A fixed batch in the training range (bright bars on -1) and its labels."""
    rows = torch.randint(0, SIZE - 4, (BATCH,), generator=torch.Generator().manual_seed(0))
    images = torch.full((BATCH, 1, SIZE, SIZE), -1.0)
    for i, row in enumerate(rows.tolist()):
        images[i, 0, row:row + 4, 4:SIZE - 4] = 1.0
    return images.to(device), (torch.arange(BATCH) % CLASSES).to(device)


def _finite(tensors: dict[str, torch.Tensor]) -> list[str]:
    return [name for name, t in tensors.items() if not t.detach().float().isfinite().all()]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(("family", "arch", "conditional"), FAMILIES)
def test_one_d_and_one_g_step_under_bf16_autocast_are_finite(device, family, arch, conditional):
    cuda = device == "cuda"
    runtime = Runtime(device=torch.device(device), amp_dtype=torch.bfloat16, channels_last=cuda)
    built = _tiny(family, arch, conditional, device=device, channels_last=cuda)
    real, labels = _real(device)
    opt_d = torch.optim.Adam(built.discriminator_parameters(), lr=1e-4, fused=cuda)
    opt_g = torch.optim.Adam(built.generator_parameters(), lr=1e-4, fused=cuda)
    draws = torch.Generator(device=device).manual_seed(0)

    step = training_step(built, optimizers=(opt_g, opt_d), runtime=runtime)
    loss_d, _ = step.update_discriminator(real, labels, built.sample_latent(BATCH, rng=draws, device=device))
    grads_d = {n: p.grad for n, p in built.discriminator.named_parameters() if p.grad is not None}
    loss_g, _ = step.update_generator(built.sample_latent(BATCH, rng=draws, device=device))
    grads_g = {n: p.grad for n, p in built.generator.named_parameters() if p.grad is not None}

    assert grads_d and grads_g, "a step left no gradients"
    assert not _finite({"loss_d": loss_d, "loss_g": loss_g, **grads_d, **grads_g})


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("arch", ["dcgan", "resnet"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_penalty_under_bf16_autocast_matches_float32(device, arch, seed):
    built = _tiny("wgan-gp", arch, True, device=device, seed=seed)
    real, labels = _real(device)
    with torch.no_grad():
        fake = built.generator(torch.randn(BATCH, built.spec.latent_dim, device=device), labels)
    alpha = torch.rand(BATCH, 1, 1, 1, device=device)
    exact = losses.gradient_penalty(built.discriminator, real, fake, alpha=alpha, labels=labels)
    with torch.autocast(device_type=device, dtype=torch.bfloat16):
        mixed = losses.gradient_penalty(built.discriminator, real, fake, alpha=alpha, labels=labels)
    assert mixed.float().item() == pytest.approx(exact.item(), rel=PENALTY_RTOL, abs=PENALTY_ATOL)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(("family", "arch", "conditional"), FAMILIES)
def test_channels_last_networks_compute_what_contiguous_ones_do(device, family, arch, conditional):
    """G's images, D's scores and D's input gradient (what the penalty is made of)."""
    built = _tiny(family, arch, conditional, device=device)
    real, labels = _real(device)
    labels = labels if conditional else None
    z = torch.randn(BATCH, built.spec.generator_input_dim, device=device)

    def outputs(generator, discriminator, images):
        images = images.clone().requires_grad_(True)
        scores = discriminator(images, labels)
        (grad,) = torch.autograd.grad(scores.sum(), images)
        with torch.no_grad():
            drawn = generator.eval()(z, labels)
        return {"images": drawn, "scores": scores.detach(), "input_grad": grad}

    with torch.backends.cudnn.flags(enabled=True, allow_tf32=False):
        plain = outputs(built.generator, built.discriminator, real)
        last = [copy.deepcopy(net).to(memory_format=torch.channels_last) for net in (built.generator, built.discriminator)]
        layout = outputs(*last, real.contiguous(memory_format=torch.channels_last))
    for key, value in plain.items():
        scale = value.abs().max().item()
        torch.testing.assert_close(layout[key], value, rtol=0, atol=LAYOUT_RTOL * scale + 1e-12, msg=key)


# How far the compiled run's first losses may sit from the eager run's: only the kernels differ. bf16
# autocast on CUDA rounds to 8 bits of mantissa; float32 on the CPU (amp auto) agrees to its own rounding.
COMPILE_TOLERANCE = {"cuda": {"rtol": 5e-2, "atol": 1e-3}, "cpu": {"rtol": 1e-4, "atol": 1e-5}}


@pytest.mark.slow
@pytest.mark.parametrize("device", DEVICES)
def test_compile_true_trains_and_starts_as_the_eager_run_does(tiny_params, device):
    """WGAN-GP compiles G only: compiled double backward is wrong or unsupported (pytorch/pytorch#91469)."""
    shape = {"device": device, "steps": 4, "log_every": 1}
    eager = tiny_params("eager", **shape)
    compiled = tiny_params("compiled", compile=True, **shape)
    assert stage.run(eager, progress=False) == stage.run(compiled, progress=False) == 4
    logs = [pd.read_csv(Path(p.reports_dir) / "log.csv") for p in (eager, compiled)]
    losses_ = ["d_loss", "g_loss", "wasserstein", "gradient_penalty"]
    assert np.isfinite(logs[1][losses_].to_numpy()).all()
    # Same weights, data and draws: the first step differs only by kernels.
    np.testing.assert_allclose(logs[1].loc[0, losses_].to_numpy(float), logs[0].loc[0, losses_].to_numpy(float),
                               **COMPILE_TOLERANCE[device])
    generator, _ = load_generator(Path(compiled.models_dir) / "generator.pt")
    assert not _finite(dict(generator.state_dict()))


@pytest.mark.gpu
def test_the_hot_path_never_waits_for_the_device():
    """The run's own training step (ADA's controller, statistics, EMA) with any host sync made an
    error: only log rows, grids and checkpoints may read the device."""
    params = TrainParams(batch_size=BATCH, n_critic=2, width=8, augment=["translation", "cutout", "brightness"])
    device = torch.device("cuda")
    runtime = Runtime(device=device, amp_dtype=torch.bfloat16, channels_last=True)
    built = _tiny("wgan-gp", "dcgan", True, device="cuda", channels_last=True)
    draws = torch.Generator(device=device).manual_seed(0)
    augmenter = Augmenter(policy=params.augment, p="auto", target=0.6, batch=BATCH, rng=draws, device=device)
    # 512 images: the iterations below stay inside one epoch (a new epoch's order is copied from the host).
    images = torch.randint(0, 256, (512, SIZE, SIZE), dtype=torch.uint8, device=device)
    stream = BatchStream(images, torch.arange(512, device=device) % CLASSES, batch_size=BATCH, seed=0)
    iteration = training_step(built, params=params, runtime=runtime, augmenter=augmenter, stream=stream)

    for step in (1, 2):  # cuDNN's kernel search and the optimisers' first steps may sync
        iteration(step)
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        for step in range(3, 3 + 2 * 4):  # two of ADA's adjustments
            iteration(step)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert iteration.stats.bad_step() is None


@pytest.mark.gpu
def test_generate_on_cuda_draws_what_it_draws_on_the_cpu(tmp_path):
    """The same seeds through the same generator: cuDNN computes in TF32 by default, so a pixel may
    round to the next grey level, but no further, and nearly all are identical."""
    built = _tiny("wgan-gp", "dcgan", True, device="cpu")
    save_generator(tmp_path / "generator.pt", generator=make_ema(built.generator), spec=built.spec)
    drawn = {}
    for device in ("cpu", "cuda"):
        params = GenerateParams(count=96, batch_size=32, device=device, upscale="none", export_size=SIZE,
                                generator_file=str(tmp_path / "generator.pt"), out=str(tmp_path / device))
        result = generate_stage.run(params, progress=False)
        with np.load(result.raw) as raw:
            drawn[device] = raw["images"].astype(np.int16), raw["labels"]
    (cpu_images, cpu_labels), (cuda_images, cuda_labels) = drawn["cpu"], drawn["cuda"]
    assert np.array_equal(cpu_labels, cuda_labels)
    difference = np.abs(cuda_images - cpu_images)
    assert difference.max() <= 1 and (difference == 0).mean() >= 0.95

"""DDP gradients = mean of per-rank ones: a WGAN-GP critic step (penalty double backward and
DiffAugment included) and the generator step of an unconditional DCGAN and a class-conditional WGAN-GP,
each through the engine's own step on 2 gloo processes."""

import copy
import socket

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec
from calligan.train.augment import OPS, Augmenter
from calligan.train.runtime import wrap
from tests.engine import training_step

WORLD = 2
BATCH = 8
GENERATOR_CASES = {
    "dcgan": ModelSpec(family="dcgan", arch="dcgan", image_size=32, width=8),
    "wgan-gp-conditional": ModelSpec(family="wgan-gp", arch="dcgan", image_size=32, width=8, conditional=True,
                                     num_classes=3),
}


def _critic_grads(family, *, real, latent, seed, ddp=False):
    """The critic's gradients after one engine critic step (SGD lr 0 keeps the weights, leaves .grad);
    ddp: G and D wrapped after the step is built, as the loop wraps them."""
    optimizer = torch.optim.SGD(family.discriminator_parameters(), lr=0.0)
    torch.manual_seed(seed)  # the penalty's alpha, identical for both computations on this rank
    # and the same augmentation draws too: each op on about half the images, so both branches run
    augmenter = Augmenter(policy=OPS, p=0.5, target=0.6, batch=BATCH, device=torch.device("cpu"),
                          rng=torch.Generator().manual_seed(seed))
    step = training_step(family, optimizers=(optimizer, optimizer), augmenter=augmenter)
    if ddp:
        _wrap(family)
    step.update_discriminator(real, None, latent)
    return [p.grad.clone() for p in family.discriminator_parameters()]


def _generator_grads(family, *, latent, ddp=False):
    """G's gradients after one engine generator step (SGD lr 0 keeps the weights, leaves .grad); ddp: as
    in `_critic_grads`."""
    optimizer = torch.optim.SGD(family.generator_parameters(), lr=0.0)
    step = training_step(family, optimizers=(optimizer, optimizer))
    if ddp:
        _wrap(family)
    step.update_generator(latent)
    return [p.grad.clone() for p in family.generator_parameters()]


def _mean_over_ranks(grads):
    mean = [grad.clone() for grad in grads]
    for grad in mean:
        dist.all_reduce(grad)
        grad.div_(WORLD)
    return mean


def _this_ranks_share(latent, rank):
    share = slice(rank * BATCH // WORLD, (rank + 1) * BATCH // WORLD)
    latent.z = latent.z[share]
    if latent.labels is not None:
        latent.labels = latent.labels[share]
    return share


def _wrap(family) -> None:
    """G and D each in DDP, as the loop wraps them."""
    family.generator = wrap(family.generator, device=torch.device("cpu"))
    family.discriminator = wrap(family.discriminator, device=torch.device("cpu"))
    assert isinstance(family.discriminator, torch.nn.parallel.DistributedDataParallel)


def _critic_case(rank):
    torch.manual_seed(0)
    family = build_family(ModelSpec(family="wgan-gp", arch="dcgan", image_size=32, width=8))
    plain = copy.deepcopy(family)
    data = torch.Generator().manual_seed(1)
    real = torch.rand(BATCH, 1, 32, 32, generator=data) * 2 - 1
    latent = family.sample_latent(BATCH, rng=data)
    share = _this_ranks_share(latent, rank)
    own = _critic_grads(plain, real=real[share], latent=latent, seed=rank)
    synced = _critic_grads(family, real=real[share], latent=latent, seed=rank, ddp=True)
    return own, synced


def _generator_case(rank, spec):
    torch.manual_seed(0)
    family = build_family(spec)
    plain = copy.deepcopy(family)
    latent = family.sample_latent(BATCH, rng=torch.Generator().manual_seed(1))
    _this_ranks_share(latent, rank)
    return _generator_grads(plain, latent=latent), _generator_grads(family, latent=latent, ddp=True)


def _worker(rank: int, port: int, out: str) -> None:
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=WORLD)
    try:
        cases = {"critic": _critic_case(rank)}
        cases |= {name: _generator_case(rank, spec) for name, spec in GENERATOR_CASES.items()}
        results = {name: {"own": own, "mean": _mean_over_ranks(own), "ddp": synced}
                   for name, (own, synced) in cases.items()}
        torch.save(results, f"{out}/rank{rank}.pt")
    finally:
        dist.destroy_process_group()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ranks(tmp_path_factory):
    """Per rank and case: its own-share gradients, their mean over the ranks, and the DDP step's."""
    out = tmp_path_factory.mktemp("ddp")
    mp.spawn(_worker, args=(_free_port(), str(out)), nprocs=WORLD, join=True)
    return [torch.load(out / f"rank{r}.pt", weights_only=True) for r in range(WORLD)]


def _assert_ddp_is_the_mean(ranks, case):
    for result in (r[case] for r in ranks):
        assert len(result["mean"]) == len(result["ddp"]) > 0
        for expected, ddp in zip(result["mean"], result["ddp"]):
            torch.testing.assert_close(ddp, expected, atol=1e-6, rtol=1e-5)
        # each rank's own-share gradients differ from the mean, so the comparison can fail
        assert any(not torch.allclose(a, b) for a, b in zip(result["own"], result["mean"]))


@pytest.mark.slow  # two spawned processes each import torch: tens of seconds on 2 cores
def test_ddp_critic_gradients_equal_the_mean_of_per_rank_gradients(ranks):
    _assert_ddp_is_the_mean(ranks, "critic")


@pytest.mark.slow
@pytest.mark.parametrize("case", GENERATOR_CASES)
def test_ddp_generator_gradients_equal_the_mean_of_per_rank_gradients(ranks, case):
    _assert_ddp_is_the_mean(ranks, case)

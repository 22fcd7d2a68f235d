"""`train:` group: one GAN family trained on the prepared dataset.

These defaults are the 2-core CPU recipe that the default `dvc repro` trains (params.yaml lists
the same values, benchmarks/recipe_sweep.py chose them): WGAN-GP with one critic step and a critic
that learns 4x faster than G (TTUR, Heusel et al. 2017) at twice the family's rates, DiffAugment with
ADA, and FID every 1,000 steps to keep the best snapshot. The competition run on a GPU is
`params-gpu.yaml`, and README's "The GPU preset" says how to run it on one GPU or several.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional, Union

# The names and archs of calligan.gans.registry.FAMILIES, spelled out because the config may not import
# the models (every stage reads it); tests/gans/test_registry.py holds the two lists equal.
Family = Literal["gan", "dcgan", "infogan", "wgan", "wgan-gp", "hinge"]
Arch = Literal["mlp", "dcgan", "dcgan-fc", "resnet", "fastgan", "sngan"]
# DiffAugment ops that suit glyphs (calligan.train.augment); no flips or rotations, on purpose.
AugmentOp = Literal["translation", "cutout", "brightness", "contrast"]

# Fields that change neither the numbers a run computes nor what it is: a checkpoint written under
# other values of these still continues the same run (`steps` so a finished run can be extended).
NOT_RUN_SHAPING = (
    "steps",
    "device",
    "channels_last",
    "compile",
    "cpu_threads",
    "checkpoint_every",
    "sample_every",
    "log_every",
    "models_dir",
    "reports_dir",
    "resume",
)


@dataclass(frozen=True)
class TrainParams:
    data: str = "data/prepared/dataset.npz"  # the prepare stage's packed dataset (its image size is used)
    model: Family = "wgan-gp"  # GAN family to train
    arch: Optional[Arch] = None  # None: the family's first (mlp for gan, dcgan-fc for infogan, sngan for hinge, dcgan for the others);
    # resnet and fastgan (Liu et al. 2021: skip-layer excitation in G, a self-supervised critic) are wgan-gp's;
    # sngan (Miyato et al. 2018: a spectrally normalised ResNet D, conditional batch norm in G) is hinge's and wgan-gp's
    width: int = 16  # base channel count; 64 is the seed's size, 16 keeps a CPU run to minutes
    latent_dim: Optional[int] = None  # noise size; None: the family's default (62 for infogan, else 100)
    conditional: Union[bool, Literal["auto"]] = "auto"  # class labels into G and D; auto: when the data has
    # more than one class and the family takes labels (dcgan, wgan-gp, hinge); InfoGAN's code stays unsupervised
    n_categorical: Optional[int] = None  # InfoGAN categorical code size; None: the family's default (10, else 0)
    n_continuous: Optional[int] = None  # InfoGAN continuous codes; None: the family's default (2, else 0)
    steps: int = 4500  # generator steps; the run stops (and can later be extended) here
    batch_size: int = 32  # real images per critic step, in total over all processes
    n_critic: int = 1  # critic steps per generator step; 0: the family's default (5 for wgan*, hinge, else 1)
    optimizer: Optional[Literal["adam", "rmsprop"]] = None  # None: the family's default optimizer
    lr_g: Optional[float] = 2e-4  # generator learning rate; None: the family's default
    lr_d: Optional[float] = 8e-4  # discriminator/critic learning rate; None: the family's default
    betas: Optional[tuple[float, float]] = (0.0, 0.9)  # Adam betas; None: the family's default
    # The loss settings' defaults; each family reads its own (its Settings.from_params) and no other.
    gp_weight: float = 10.0  # WGAN-GP penalty weight lambda
    recon_weight: float = 1.0  # WGAN-GP fastgan: weight of the critic's L1 reconstruction of the real images
    clip_value: float = 0.01  # WGAN critic weight clipping bound c
    info_categorical_weight: float = 1.0  # InfoGAN weight of the categorical mutual-information term
    info_continuous_weight: float = 0.1  # InfoGAN weight of the continuous-code term
    # DiffAugment ops on every image D sees: translation, cutout, brightness, contrast (calligan.train.augment); empty: none
    augment: list[AugmentOp] = field(default_factory=lambda: ["translation", "cutout"])
    augment_p: Union[float, Literal["auto"]] = "auto"  # probability of each op per image; auto: ADA's controller
    ada_target: float = 0.6  # ADA's target for r_t = E[sign(D(real))] (Karras et al. 2020)
    eval_every: int = 1000  # generator steps between evaluations (FID, accuracy) of the EMA generator; 0: none
    eval_samples: int = 250  # generated and real images per evaluation (cheap on CPU; thousands on a GPU)
    heldout: str = "data/prepared/heldout.npz"  # real images never trained on: the evaluations' FID reference
    # (and so the best snapshot's); an empty pack (prepare.holdout false) scores against the training images
    classifier: str = "models/classifier.pt"  # the classifier stage's model, for the accuracy column
    ema_half_life_images: float = 2000.0  # generator EMA half-life in images (stylegan2-ada); GPU runs: 10000
    ema_rampup: float = 0.05  # half-life at most this fraction of the images seen so far (stylegan2-ada); 0: off
    seed: int = 0  # seeds weights, data order, latents and every RNG; same seed + params = same run
    device: Literal["auto", "cpu", "cuda"] = "auto"  # auto: CUDA when present
    amp: Literal["auto", "bf16", "off"] = "auto"  # auto: bf16 autocast on CUDA, float32 on CPU
    channels_last: bool = True  # channels_last memory format on CUDA (ignored on CPU, where it is slower)
    cpu_threads: int = 0  # torch CPU threads; 0: torch's default. On a shared box 1 avoids OpenMP spin-waits
    compile: bool = False  # torch.compile the networks (the WGAN-GP critic stays eager: double backward)
    checkpoint_every: int = 250  # generator steps between resumable checkpoints (one is also written at the end)
    sample_every: int = 200  # generator steps between sample grids from fixed noise (frames of progress.gif)
    log_every: int = 10  # generator steps between log.csv rows (the means over those steps)
    grid_samples: int = 64  # images in each sample grid (a square number reads best)
    models_dir: str = "models"  # generator.pt (EMA weights + spec) and checkpoint.pt
    reports_dir: str = "reports/train"  # log.csv, grids, progress.gif, losses.png, traversal*.png
    resume: bool = True  # continue from models_dir/checkpoint.pt when it belongs to the same run

    def __post_init__(self) -> None:
        positive = ("width", "steps", "batch_size", "checkpoint_every", "sample_every", "log_every", "grid_samples")
        for name in positive:
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.cpu_threads < 0:
            raise ValueError(f"cpu_threads must be 0 (torch's default) or more, got {self.cpu_threads}")
        if self.n_critic < 0:
            raise ValueError(f"n_critic must be 0 (family default) or more, got {self.n_critic}")
        if self.ema_rampup < 0:
            raise ValueError(f"ema_rampup must be 0 (off) or positive, got {self.ema_rampup}")
        if self.eval_every < 0 or self.eval_samples < 2:
            raise ValueError(f"eval_every must be 0 (off) or more and eval_samples at least 2, "
                             f"got {self.eval_every} and {self.eval_samples}")
        if self.augment_p != "auto" and not 0.0 <= self.augment_p <= 1.0:
            raise ValueError(f"augment_p must be in [0, 1] or auto, got {self.augment_p}")
        if self.ema_half_life_images <= 0:
            raise ValueError(f"ema_half_life_images must be positive, got {self.ema_half_life_images}")

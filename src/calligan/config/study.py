"""`study:` group: the augmentation study (studies/augmentation/dvc.yaml). Does GAN-made data help a
classifier that has only k real images per class?

For every k in `k` and every seed in `seeds` one run draws k training images per class (never a
held-out one), trains the default GAN recipe (the `train:` group) on them alone for `gan_steps`,
draws `generated_per_class` images per class, and trains the classifier of the `classifier:` group
for `classifier_steps` in five arms (real, real + classic augmentation, real + GAN, real + classic +
GAN, GAN only), each tested on the held-out real images. README's "The augmentation study" gives the
time a run takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StudyParams:
    k: list[int] = field(default_factory=lambda: [10, 20, 50])  # real images per class in a run's training subset;
    # 50 is a third of cccr's smallest class (146 training images), 10 a twelfth of the classifier stage's 125
    seeds: list[int] = field(default_factory=lambda: [0, 1, 2])  # one run per (k, seed): the seed draws the subset
    # and seeds the GAN and the classifiers, so the spread over seeds is the spread over class splits and training
    data: str = "data/prepared/dataset.npz"  # the training pack subsets are drawn from (prepare's; never heldout.npz)
    reference: str = "data/prepared/reference_128.npz"  # the same images at the export size: the subset's copy is
    # generate's intensity reference and evaluate's training set, so nothing outside the subset reaches a run
    heldout: str = "data/prepared/heldout.npz"  # real images no run trains on: every arm is tested on them
    out: str = "data/study"  # each run's data: <out>/k<k>/seed<seed>/{subset,gan,generated}
    reports: str = "reports/study"  # runs/k<k>-seed<seed>/ (evaluate's metrics, the arms), summary table and plot
    gan_steps: int = 1500  # generator steps of each run's GAN, with the default recipe: a few minutes on one core
    generated_per_class: int = 100  # images the run's GAN draws per class: at k = 50 still twice the real ones
    classifier_steps: int = 600  # optimiser steps of every arm (batch classifier.batch_size, same initial weights):
    # about what the classifier stage takes for all the training images (6 epochs of 12,527 at batch 128)
    fid_samples: int = 200  # evaluate.samples for each run's GAN: the root pipeline's N, so its FID compares with
    # reports/metrics.json (FID rises as N falls); Inception reads ~6 images/s on one core, evaluate several such sets
    # Classic augmentation (torchvision.transforms.v2, on the fly per batch; no flips: a mirrored character is
    # not one). Small: at these strengths every character of a 16-image sheet of cccr, warped 3 times, stayed readable.
    rotation: float = 8.0  # RandomAffine: rotation drawn from +-this many degrees
    translate: float = 0.06  # RandomAffine: shift drawn from +-this fraction of the side, each axis
    scale: tuple[float, float] = (0.9, 1.1)  # RandomAffine: zoom factor drawn from this range
    shear: float = 8.0  # RandomAffine: shear drawn from +-this many degrees (a slanted brush)
    elastic_alpha: float = 80.0  # ElasticTransform: displacement strength (torchvision's units; 50 is its default)
    elastic_sigma: float = 5.0  # ElasticTransform: smoothness of the displacement field, px
    classic_group: int = 16  # images of a batch that share one draw of the affine and elastic parameters: a
    # draw costs ~7 ms on one core (the elastic field's Gaussian blur), so per image would be ~1 s per batch of 128

    def __post_init__(self) -> None:
        for name in ("k", "seeds"):
            values = getattr(self, name)
            if not values:
                raise ValueError(f"{name} must list at least one value")
            if len(set(values)) != len(values):
                raise ValueError(f"{name} lists a value twice: {values}")
        if min(self.k) < 1:
            raise ValueError(f"every k must be at least 1, got {self.k}")
        if min(self.seeds) < 0:
            raise ValueError(f"every seed must be 0 or more, got {self.seeds}")
        for name in ("gan_steps", "generated_per_class", "classifier_steps", "fid_samples", "classic_group"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("rotation", "shear", "elastic_alpha"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be 0 (off) or more, got {getattr(self, name)}")
        if not 0.0 <= self.translate < 1.0:
            raise ValueError(f"translate must be a fraction of the side in [0, 1), got {self.translate}")
        if not 0.0 < self.scale[0] <= self.scale[1]:
            raise ValueError(f"scale must be a range (low, high) with 0 < low <= high, got {list(self.scale)}")
        if self.elastic_sigma <= 0:
            raise ValueError(f"elastic_sigma must be positive, got {self.elastic_sigma}")

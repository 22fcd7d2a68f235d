"""`evaluate:` group: how the generated set is scored against the real data.

Inception features cost ~3 images/s on a 2-core CPU, so the defaults score a seeded subsample and
metrics.json says so; the GPU preset (params-gpu.yaml) scores the whole generated set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional


@dataclass(frozen=True)
class EvaluateParams:
    generated: str = "data/generated/images.npz"  # what is submitted, at the export size
    generated_raw: str = "data/generated/raw.npz"  # the same images at the generator's own size
    heldout: str = "data/prepared/heldout_128.npz"  # real images never trained on, at the export size: the
    # reference of every quality figure; an empty pack (prepare.holdout false) scores against `reference`
    heldout_raw: str = "data/prepared/heldout.npz"  # the same held-out images at the training size
    reference: str = "data/prepared/reference_128.npz"  # the training images at the export size (the FID against them)
    real: str = "data/prepared/dataset.npz"  # the training images at the training size (and the memorisation set)
    out: str = "reports/metrics.json"  # every number, with the sample counts behind it
    samples: int = 200  # images per set scored with Inception (FID, KID, PRDC); 0 = all of them
    copy_samples: int = 1000  # generated images checked for near-duplicates and memorisation (pixel space)
    glyph_samples: int = 2000  # generated and real images whose strokes are measured (specks, blots, breaks, grey edges)
    batch_size: int = 50  # Inception batch
    device: Literal["auto", "cpu", "cuda"] = "auto"  # auto: CUDA when present
    fid_weights: Optional[str] = None  # FID Inception weights file; None: hub cache, else converted offline
    cache_dir: str = ".cache/features"  # real-image features kept across evaluations, keyed by content
    kid_subset_size: int = 1000  # KID subset size (clipped to the sample counts; the file says what was used)
    kid_subsets: int = 100  # KID subsets for mean and std
    prdc_k: int = 5  # nearest neighbours for precision/recall/density/coverage (Naeem et al. 2020)
    ssim_pairs: int = 500  # random pairs for the mean pairwise SSIM, on each set
    copy_ssim_threshold: float = 0.95  # SSIM at 32 px above which two images count as copies
    classifier: bool = True  # also score with the real-data classifier (coverage, CAS, augmentation upper bound)
    classifier_training: bool = True  # with classifier: also train the classifiers behind CAS and the
    # augmentation upper bound (minutes on a CPU); false keeps what the real classifier reads off the images
    seed: int = 0  # seeds every subsample and pair draw

    def __post_init__(self) -> None:
        if self.samples < 0 or self.copy_samples < 0 or self.glyph_samples < 0:
            raise ValueError("samples, copy_samples and glyph_samples must be 0 (all) or more")
        for name in ("batch_size", "kid_subset_size", "kid_subsets", "prdc_k", "ssim_pairs"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if not 0.0 < self.copy_ssim_threshold <= 1.0:
            raise ValueError(f"copy_ssim_threshold must be in (0, 1], got {self.copy_ssim_threshold}")

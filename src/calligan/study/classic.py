"""Classic augmentation of the study's classifiers: small affine and elastic warps of each training batch,
with torchvision.transforms.v2, from a seeded stream of their own."""

from __future__ import annotations

import torch
from torchvision.transforms import v2

from calligan.config.study import StudyParams


class ClassicAugment:
    """Called on a uint8 batch (B, H, W), ink bright on dark, it returns the batch warped: same shape,
    dtype, order and labels. No flips: a mirrored character is not the same character.

    The parameters are drawn once per `group` images (see study.classic_group). The draws come from
    a torch RNG state kept here, not the global one, so the classifier's dropout and batch order are
    the same with and without augmentation: two arms differ in their data, not in their luck.
    """

    def __init__(self, *, rotation: float, translate: float, scale: tuple[float, float], shear: float,
                 elastic_alpha: float, elastic_sigma: float, group: int, seed: int) -> None:
        """rotation, shear: degrees either way; translate: fraction of the side either way; scale: zoom
        range; elastic_alpha, elastic_sigma: torchvision's ElasticTransform; seed: starts the stream."""
        self._transform = v2.Compose([
            # bilinear, not RandomAffine's default nearest: nearest leaves staircase edges no scan has
            v2.RandomAffine(degrees=rotation, translate=(translate, translate), scale=scale, shear=shear,
                            interpolation=v2.InterpolationMode.BILINEAR, fill=0),
            v2.ElasticTransform(alpha=elastic_alpha, sigma=elastic_sigma, fill=0),
        ])
        self._group = group
        self._state = torch.Generator().manual_seed(seed).get_state()

    @classmethod
    def from_params(cls, study: StudyParams, *, seed: int) -> "ClassicAugment":
        return cls(rotation=study.rotation, translate=study.translate, scale=study.scale, shear=study.shear,
                   elastic_alpha=study.elastic_alpha, elastic_sigma=study.elastic_sigma,
                   group=study.classic_group, seed=seed)

    def __call__(self, images: torch.Tensor) -> torch.Tensor:
        # torchvision's transforms draw from the global RNG; run them on this stream's state instead
        with torch.random.fork_rng(devices=[]):
            torch.set_rng_state(self._state)
            warped = torch.cat([self._transform(part.unsqueeze(1)).squeeze(1) for part in images.split(self._group)])
            self._state = torch.get_rng_state()
        return warped

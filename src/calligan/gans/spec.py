"""What a trained model is: a frozen record of primitives, saved inside every checkpoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from calligan.gans.registry import FAMILIES, family_class
from calligan.nn.plan import SUPPORTED_SIZES


@dataclass(frozen=True)
class ModelSpec:
    """Store with `dataclasses.asdict(spec)`, rebuild with `ModelSpec(**d)`. A field given as None
    takes the family's default and is stored resolved."""

    family: str            # a name in calligan.gans.registry.FAMILIES
    arch: Optional[str]    # one of the family's archs ("mlp", "dcgan", "resnet"); None: its first
    image_size: int        # 28, 32, 64 or 128
    channels: int = 1      # 1 for grayscale calligraphy and MNIST
    width: int = 64        # base channel count (G's last hidden block / D's first)
    latent_dim: Optional[int] = None  # noise size (InfoGAN: the noise part only)
    num_classes: int = 0   # size of the label set (used when conditional)
    conditional: bool = False   # class-conditional G and projection D, for a family that takes labels
    n_categorical: Optional[int] = None  # size of the one categorical code (InfoGAN)
    n_continuous: Optional[int] = None   # number of continuous codes U(-1, 1) (InfoGAN)

    def __post_init__(self) -> None:
        family = family_class(self.family)
        defaults = {"arch": family.archs[0], "latent_dim": family.default_latent_dim,
                    "n_categorical": family.default_n_categorical, "n_continuous": family.default_n_continuous}
        for name, default in defaults.items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, default)  # the dataclass is frozen
        if self.arch not in family.archs:
            raise ValueError(f"family {self.family!r} has no arch {self.arch!r}; use one of {family.archs}")
        if self.image_size not in SUPPORTED_SIZES:
            raise ValueError(f"image_size {self.image_size} is not supported; use one of {SUPPORTED_SIZES}")
        for name in ("channels", "width", "latent_dim"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.conditional and not family.takes_labels:
            labelled = [name for name, other in FAMILIES.items() if other.takes_labels]
            raise ValueError(f"family {self.family!r} has no class-conditional variant; use one of {labelled}")
        if self.conditional and self.num_classes < 2:
            raise ValueError(f"a conditional model needs num_classes >= 2, got {self.num_classes}")
        has_codes = self.n_categorical or self.n_continuous
        takes_codes = family.default_n_categorical or family.default_n_continuous
        if takes_codes and (self.n_categorical < 0 or self.n_continuous < 0 or not has_codes):
            raise ValueError(f"{self.family} needs latent codes: set n_categorical and/or n_continuous "
                             f"(its defaults: {family.default_n_categorical} and {family.default_n_continuous})")
        if not takes_codes and has_codes:
            raise ValueError(f"n_categorical/n_continuous are latent codes; family {self.family!r} takes none")
        if self.n_categorical == 1:
            raise ValueError("a categorical code needs at least 2 categories (or 0 for none)")

    @property
    def generator_input_dim(self) -> int:
        return self.latent_dim + self.n_categorical + self.n_continuous

    @property
    def label_count(self) -> int:
        """Classes the networks condition on: num_classes when conditional, else 0."""
        return self.num_classes if self.conditional else 0

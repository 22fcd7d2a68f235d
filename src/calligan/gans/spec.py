"""What a trained model is: a frozen record of primitives, saved inside every checkpoint."""

from __future__ import annotations

from dataclasses import dataclass

from calligan.nn.plan import SUPPORTED_SIZES

ARCHS = {"gan": ("mlp",), "dcgan": ("dcgan",), "infogan": ("dcgan",), "wgan": ("dcgan",), "wgan-gp": ("dcgan", "resnet")}
CONDITIONAL_FAMILIES = ("dcgan", "wgan-gp")


@dataclass(frozen=True)
class ModelSpec:
    """Store with `dataclasses.asdict(spec)`, rebuild with `ModelSpec(**d)`."""

    family: str            # "gan" | "dcgan" | "infogan" | "wgan" | "wgan-gp"
    arch: str              # "mlp" (gan) | "dcgan" | "resnet" (wgan-gp only)
    image_size: int        # 28, 32, 64 or 128
    channels: int = 1      # 1 for grayscale calligraphy and MNIST
    width: int = 64        # base channel count (G's last hidden block / D's first)
    latent_dim: int = 100  # noise size (InfoGAN: the noise part only; MNIST default 62)
    num_classes: int = 0   # size of the label set (used when conditional)
    conditional: bool = False   # class-conditional G and projection D; dcgan and wgan-gp only
    n_categorical: int = 0      # InfoGAN: size of the one categorical code (10 for MNIST)
    n_continuous: int = 0       # InfoGAN: number of continuous codes U(-1, 1) (2 for MNIST)

    def __post_init__(self) -> None:
        if self.family not in ARCHS:
            raise ValueError(f"unknown GAN family {self.family!r}; use one of {sorted(ARCHS)}")
        if self.arch not in ARCHS[self.family]:
            raise ValueError(f"family {self.family!r} has no arch {self.arch!r}; use one of {ARCHS[self.family]}")
        if self.image_size not in SUPPORTED_SIZES:
            raise ValueError(f"image_size {self.image_size} is not supported; use one of {SUPPORTED_SIZES}")
        for name in ("channels", "width", "latent_dim"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.conditional and self.family not in CONDITIONAL_FAMILIES:
            raise ValueError(f"family {self.family!r} has no class-conditional variant; use one of {CONDITIONAL_FAMILIES}")
        if self.conditional and self.num_classes < 2:
            raise ValueError(f"a conditional model needs num_classes >= 2, got {self.num_classes}")
        has_codes = self.n_categorical or self.n_continuous
        if self.family == "infogan" and (self.n_categorical < 0 or self.n_continuous < 0 or not has_codes):
            raise ValueError("infogan needs latent codes: set n_categorical and/or n_continuous (MNIST: 10 and 2)")
        if self.family != "infogan" and has_codes:
            raise ValueError(f"n_categorical/n_continuous are InfoGAN codes; family {self.family!r} takes none")
        if self.n_categorical == 1:
            raise ValueError("a categorical code needs at least 2 categories (or 0 for none)")

    @property
    def generator_input_dim(self) -> int:
        return self.latent_dim + self.n_categorical + self.n_continuous

    @property
    def label_count(self) -> int:
        """Classes the networks condition on: num_classes when conditional, else 0."""
        return self.num_classes if self.conditional else 0

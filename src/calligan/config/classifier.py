"""`classifier:` group: the small CNN trained on the real characters, and how it scores generated ones.

The defaults train on 64 px cccr in a couple of minutes of one CPU core; README's metric tables give
the test accuracy they reach.
The same recipe trains the Classification-Accuracy-Score and augmentation-upper-bound classifiers in
`evaluate`, and the arms of the augmentation study.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class ClassifierParams:
    data: str = "data/prepared/dataset.npz"  # the prepare stage's packed dataset
    model: str = "models/classifier.pt"  # weights, recipe and recorded split (torch weights_only)
    report: str = "reports/classifier.json"  # test accuracy and split sizes (a DVC metric)
    test_fraction: float = 0.2  # share of every class held out for testing, stratified
    seed: int = 0  # seeds the split, the initial weights and the batch order
    input_size: int = 32  # side images are resized to; 32 px keeps the characters legible and the CPU fast
    width: int = 16  # channels of the first of three conv blocks
    epochs: int = 6  # passes over the training images
    batch_size: int = 128  # images per optimiser step
    lr: float = 3e-3  # peak AdamW learning rate (one-cycle schedule)
    weight_decay: float = 5e-4  # AdamW weight decay
    device: Literal["auto", "cpu", "cuda"] = "auto"  # auto: CUDA when present
    threads: int = 0  # CPU threads for torch; 0: every core this process may use (1 on a crowded shared box)
    min_count: int = 1  # predictions a class needs to count as covered by the generated images
    confidence: float = 0.5  # probability above which a prediction is confident (pseudo-labels, coverage)
    augment_k: int = 20  # real images per class in evaluate's augmentation upper bound
    augment_epochs: int = 30  # passes over the k-real arm; the augmented arm gets the same number of steps

    def __post_init__(self) -> None:
        if not 0.0 < self.test_fraction < 1.0:
            raise ValueError(f"test_fraction must be between 0 and 1, got {self.test_fraction}")
        if self.input_size < 8 or self.input_size % 8:
            raise ValueError(f"input_size must be a multiple of 8, got {self.input_size}")
        positive = ("width", "epochs", "batch_size", "min_count", "augment_k", "augment_epochs")
        for name in positive:
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be between 0 and 1, got {self.confidence}")
        if self.threads < 0:
            raise ValueError(f"threads must be 0 (all available) or more, got {self.threads}")
        if self.lr <= 0:
            raise ValueError(f"lr must be positive, got {self.lr}")

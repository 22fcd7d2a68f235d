"""The study's five classifier arms: what each learns from, and how the table and plot name it."""

from __future__ import annotations

from typing import NamedTuple


class Arm(NamedTuple):
    name: str  # key in arms.json, summary.csv and summary.json
    label: str  # name in the table and the plot
    real: bool  # learns the k real images per class
    generated: bool  # learns the run's generated images
    classic: bool  # every training batch goes through the classic augmentation


ARMS = (
    Arm("real", "real", real=True, generated=False, classic=False),
    Arm("real_classic", "real + classic", real=True, generated=False, classic=True),
    Arm("real_gan", "real + GAN", real=True, generated=True, classic=False),
    Arm("real_classic_gan", "real + classic + GAN", real=True, generated=True, classic=True),
    # the classification accuracy score of the run's GAN (Ravuri & Vinyals 2019)
    Arm("gan", "GAN only", real=False, generated=True, classic=False),
)

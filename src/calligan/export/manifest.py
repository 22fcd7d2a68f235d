"""`manifest.csv` inside the submission: which file is which label and which seed made it."""

from __future__ import annotations

import numpy as np
import pandas as pd

MANIFEST_NAME = "manifest.csv"


def png_names(count: int) -> list[str]:
    """00001.png, 00002.png, ...: zero-padded so names sort in generation order."""
    width = max(5, len(str(count)))
    return [f"{i:0{width}d}.png" for i in range(1, count + 1)]


def manifest_csv(*, names: list[str], labels: np.ndarray | None, codes: np.ndarray | None,
                 seeds: np.ndarray | None) -> bytes:
    """labels (intended classes), codes (InfoGAN's categorical code), seeds: per image, or None when
    the generated set has none."""
    columns = {"file": names}
    if labels is not None:
        columns["label"] = labels
    if codes is not None:
        columns["code"] = codes
    if seeds is not None:
        columns["seed"] = seeds
    return pd.DataFrame(columns).to_csv(index=False, lineterminator="\n").encode("utf-8")

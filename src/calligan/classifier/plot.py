"""Bar chart of how often each class is predicted among the generated images (`reports/classes.png`)."""

from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from calligan.io.atomic import atomic_path  # noqa: E402


def plot_class_counts(path: str | os.PathLike, *, counts: np.ndarray, min_count: int) -> None:
    """Predicted-class counts, most frequent first, against the uniform share and the class-coverage bar.

    counts: predictions per class (length K); min_count: the count a class needs to be covered.
    """
    counts = np.sort(np.asarray(counts))[::-1]
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.bar(np.arange(len(counts)), counts, width=1.0, color="#4a7")
    ax.axhline(counts.sum() / len(counts), color="#333", lw=1, ls="--", label="uniform share")
    ax.axhline(min_count, color="#c33", lw=1, label=f"covered (>= {min_count})")
    ax.set_xlabel(f"classes, most predicted first ({int((counts >= min_count).sum())} of {len(counts)} covered)")
    ax.set_ylabel("generated images")
    ax.legend(fontsize=8)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=100)
    plt.close(fig)

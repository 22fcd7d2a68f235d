"""A pipeline's worth of figures and metrics, made small, in a temporary project."""

from __future__ import annotations

import json

import imageio.v3 as iio
import numpy as np
import pytest

METRICS = {
    "fid": {"value": 42.123456, "n_generated": 2000, "n_real": 2000, "subsampled": True},
    "classifier": {"coverage": {"coverage": 0.97, "effective_classes": 88.4}, "augmentation": {"label_source": "pseudo"}},
    "steps": 300,
}


def _png(path, value: int, side: int = 24) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    iio.imwrite(path, np.full((side, side), value, np.uint8))


@pytest.fixture()
def project(tmp_path) -> dict:
    """Paths of a finished run: metrics.json, classifier.json, train figures, rejects, an eval plot."""
    reports, train, prepared = tmp_path / "reports", tmp_path / "reports" / "train", tmp_path / "data" / "prepared"
    for step in (50, 100, 300):
        _png(train / f"grid_{step}.png", step % 256)
    _png(train / "losses.png", 128)
    _png(train / "traversal_c0.png", 30)
    _png(prepared / "rejects.png", 200)
    _png(reports / "classes.png", 90)
    iio.imwrite(train / "progress.gif", np.stack([np.full((24, 24), v, np.uint8) for v in (0, 128, 255)]), extension=".gif")
    (reports / "metrics.json").write_text(json.dumps(METRICS))
    (reports / "classifier.json").write_text(json.dumps({"test_accuracy": 0.91, "n_test": 3572}))
    return {
        "metrics": reports / "metrics.json",
        "classifier": reports / "classifier.json",
        "folders": {"train": train, "prepared": prepared, "reports": reports},
        "out": reports / "index.html",
    }

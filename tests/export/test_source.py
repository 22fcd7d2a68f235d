from __future__ import annotations

import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.export.source import load_generated
from calligan.io.npz import save_npz


def test_reads_images_labels_and_seeds(generated_npz):
    generated = load_generated(generated_npz(6, 32), size=32)
    assert generated.images.shape == (6, 32, 32)
    assert generated.labels.tolist() == [0, 1, 2, 0, 1, 2] and generated.seeds[0] == 100


def test_labels_are_optional(generated_npz):
    assert load_generated(generated_npz(4, 32, labels=False), size=32).labels is None


def test_bad_sources_are_one_line_errors(tmp_path, generated_npz, strokes):
    with pytest.raises(CalliganError, match="calligan generate"):
        load_generated(tmp_path / "absent.npz", size=128)
    with pytest.raises(CalliganError, match="expected uint8 \\(N, 128, 128\\)"):
        load_generated(generated_npz(4, 64), size=128)
    with pytest.raises(CalliganError, match="light borders"):
        load_generated(generated_npz(images=255 - strokes(4, 32)), size=32)
    save_npz(tmp_path / "odd.npz", {"images": strokes(4, 32), "labels": np.arange(3)})
    with pytest.raises(CalliganError, match="`labels` has shape"):
        load_generated(tmp_path / "odd.npz", size=32)

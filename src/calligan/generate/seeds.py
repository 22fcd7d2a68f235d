"""One seed per image, so any image can be redrawn alone, whatever the batch size or device."""

from __future__ import annotations

import numpy as np


def image_seeds(*, seed: int, count: int) -> np.ndarray:
    """int64 (count,) non-negative seeds mixed from the run's seed by SeedSequence.

    Mixing (not seed + index) keeps the sets of two runs apart: run 0's second image is not run 1's
    first. 63 bits fit int64 and make a repeat within 10,000 images vanishingly unlikely.
    """
    words = np.random.SeedSequence(seed).generate_state(count, dtype=np.uint64)
    return (words >> np.uint64(1)).astype(np.int64)

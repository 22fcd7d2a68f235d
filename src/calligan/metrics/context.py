"""What every metric sees: the two image sets and their Inception features, each computed at most once;
and what it gives back.

A metric is a function of a `MetricContext` and keyword options that returns a flat dict of numbers (and,
where a threshold defines it, a `rule` string), always including the sample counts it used. The copy checks
also list their closest pairs of image indices when asked (`closest`), for the report's pictures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from calligan.errors import CalliganError
from calligan.metrics.stats import (FeatureStats, cached_real_features, feature_stats, require_images,
                                   require_same_size)

MetricResult = dict[str, float | int | str | list]


@dataclass
class MetricContext:
    real: np.ndarray  # uint8 (N, H, W) reference images; the training set when memorisation is scored
    fake: np.ndarray  # uint8 (M, H, W) generated images, same polarity and size as `real`
    # images -> (N, D) features with a `model_id` attribute (normally InceptionFeatures); None when
    # only pixel-space metrics are scored
    extract: Callable[[np.ndarray], np.ndarray] | None = None
    cache_dir: Path | None = None  # where real features persist across evaluations; None = no disk cache
    seed: int = 0  # seeds every subsample and pair draw, so a re-run gives the same numbers
    # as many real images as `real`, none of them in it: the FID floor's other side at the same N;
    # None = the floor compares two halves of `real`
    floor_real: np.ndarray | None = None
    _memo: dict = field(default_factory=dict, init=False, repr=False)  # the real side's features
    _fake_memo: dict = field(default_factory=dict, init=False, repr=False)  # the fake side's, shared by `against`

    def __post_init__(self) -> None:
        require_images(self.real, what="real images")
        require_images(self.fake, what="generated images")
        require_same_size(self.real, self.fake)
        if self.floor_real is not None:
            require_same_size(self.real, self.floor_real)

    def _extractor(self) -> Callable[[np.ndarray], np.ndarray]:
        if self.extract is None:
            raise CalliganError("this metric needs Inception features but no feature extractor was given")
        return self.extract

    def _real(self) -> tuple[np.ndarray, FeatureStats]:
        if "real" not in self._memo:
            self._memo["real"] = cached_real_features(self.real, extract=self._extractor(), cache_dir=self.cache_dir)
        return self._memo["real"]

    def real_features(self) -> np.ndarray:
        return self._real()[0]

    def real_stats(self) -> FeatureStats:
        return self._real()[1]

    def floor_real_stats(self) -> FeatureStats:
        if "floor_real" not in self._memo:
            self._memo["floor_real"] = cached_real_features(self.floor_real, extract=self._extractor(),
                                                            cache_dir=self.cache_dir)[1]
        return self._memo["floor_real"]

    def fake_features(self) -> np.ndarray:
        if "fake" not in self._fake_memo:
            self._fake_memo["fake"] = self._extractor()(self.fake)
        return self._fake_memo["fake"]

    def fake_stats(self) -> FeatureStats:
        if "fake_stats" not in self._fake_memo:
            self._fake_memo["fake_stats"] = feature_stats(self.fake_features(), what="generated images")
        return self._fake_memo["fake_stats"]

    def against(self, real: np.ndarray, *, floor_real: np.ndarray | None = None) -> MetricContext:
        """The same generated images scored against other real ones (held-out and training images, say):
        their features are extracted once for both."""
        other = MetricContext(real=real, fake=self.fake, extract=self.extract, cache_dir=self.cache_dir,
                              seed=self.seed, floor_real=floor_real)
        other._fake_memo = self._fake_memo
        return other

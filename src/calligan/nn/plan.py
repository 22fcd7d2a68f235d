"""How many 2x resampling stages an image size needs, and the channel count at each stage.

Every convolutional net is built from this plan instead of one class per size: 32/64/128 grow from a
4x4 base (3/4/5 doublings), MNIST's 28 from 7x7 (2 doublings). Channels halve at each doubling so the
last stage has `width`; the seed's 128x128 recipe (a wider first layer, one more block) falls out.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPORTED_SIZES = (28, 32, 64, 128)


@dataclass(frozen=True)
class Plan:
    base: int      # side of the smallest feature map
    stages: int    # number of 2x resampling stages between base and image_size
    width: int     # channels at full resolution (the widest stage has width * 2**(stages - 1))

    def channels(self, stage: int) -> int:
        """Channels at `stage` doublings away from the full-resolution end (0 = full resolution)."""
        return self.width * 2 ** min(stage, self.stages - 1)


def plan_for(*, image_size: int, width: int) -> Plan:
    """image_size: side of the square images; width: channels of the full-resolution stage."""
    if image_size not in SUPPORTED_SIZES:
        raise ValueError(f"image_size {image_size} is not supported; use one of {SUPPORTED_SIZES}")
    base = 7 if image_size == 28 else 4
    return Plan(base=base, stages=(image_size // base).bit_length() - 1, width=width)

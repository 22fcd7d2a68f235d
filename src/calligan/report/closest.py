"""The copy checks as pictures: generated images beside their nearest training image, and the
closest generated pairs (evaluate's `neighbours.json` names them by index)."""

from __future__ import annotations

import html

import numpy as np

from calligan.errors import CalliganError
from calligan.report.pictures import grid_img

_SCALE = 2.0  # training-size images (64 px) drawn twice as large, pixelated, so strokes can be compared


def _pairs(rows: list[dict], *, left: np.ndarray, right: np.ndarray, right_key: str, what: str, right_what: str,
           right_tag: str) -> str:
    """One picture per pair; right_key: the field naming the right image; right_what / right_tag: how
    the alt text and the caption name it."""
    figures = []
    for row in rows:
        i, j = row["generated"], row[right_key]
        if i >= len(left) or j >= len(right):
            raise CalliganError(f"neighbours.json names image {i} / {j}, beyond the packs it indexes; "
                                f"rerun `calligan evaluate` after `calligan generate`")
        pair = grid_img(np.stack([left[i], right[j]]), nrow=2, scale=_SCALE,
                        alt=f"generated image {i} beside {right_what} {j}")
        figures.append(f'<figure>{pair}<figcaption>#{i} &amp; {right_tag}#{j}: '
                       f'RMS {row["rms"]:.3f}, SSIM {row["ssim"]:.3f}</figcaption></figure>')
    return f'<h3>{what}</h3>\n<div class="gallery">' + "".join(figures) + "</div>"


def closest_pictures(neighbours: dict, *, generated: np.ndarray, training: np.ndarray) -> str:
    """generated: generate's raw pack images; training: prepare's training images (both at the training size)."""
    memorised = _pairs(neighbours["memorisation"], left=generated, right=training, right_key="train",
                       what="Generated images beside their nearest training image (left generated, right training)",
                       right_what="its nearest training image", right_tag="train ")
    twins = _pairs(neighbours["near_duplicates"], left=generated, right=generated, right_key="generated_other",
                   what="The closest pairs inside the generated set", right_what="generated image", right_tag="")
    rule = html.escape(neighbours.get("rule", ""))
    return (f'<p class="note">Closest first, by RMS distance (0-1) on thumbnails. What counts as a copy: {rule}.</p>\n'
            f"{memorised}\n{twins}")

"""Real beside generated, at the export size and in the submission's polarity: what gets judged.

A conditional model gets one row per character (a few real samples, then generated ones drawn for
that label); an unconditional one a real grid beside a generated grid.
"""

from __future__ import annotations

import html

import numpy as np

from calligan.report.pictures import grid_img

ROWS = 6  # characters shown for a conditional model, spread over the label range
PER_SIDE = 3  # images of each kind per character row
GRID_SIDE = 4  # images per row of the unconditional grids


def _character_rows(real: dict, generated: dict) -> str:
    classes = real.get("classes")
    labels = np.unique(generated["labels"])
    shown = labels[np.linspace(0, len(labels) - 1, num=min(ROWS, len(labels))).round().astype(int)]
    rows = []
    for label in shown:
        name = str(classes[label]) if classes is not None and label < len(classes) else f"class {label}"
        real_of = real["images"][real["labels"] == label][:PER_SIDE]
        fake_of = generated["images"][generated["labels"] == label][:PER_SIDE]
        cells = [f'<div class="char">{html.escape(name)}</div>']
        if len(real_of):
            cells.append(f'<figure>{grid_img(real_of, nrow=PER_SIDE, alt=f"{len(real_of)} real samples of {name}")}'
                         "<figcaption>real</figcaption></figure>")
        cells.append(f'<figure>{grid_img(fake_of, nrow=PER_SIDE, alt=f"{len(fake_of)} generated samples of {name}")}'
                     "<figcaption>generated</figcaption></figure>")
        rows.append('<div class="pair-row">' + "".join(cells) + "</div>")
    return "\n".join(rows)


def _side_by_side(real: dict, generated: dict) -> str:
    count = GRID_SIDE * GRID_SIDE
    real_grid = grid_img(real["images"][:count], nrow=GRID_SIDE, alt=f"{min(count, len(real['images']))} real samples")
    fake_grid = grid_img(generated["images"][:count], nrow=GRID_SIDE,
                         alt=f"{min(count, len(generated['images']))} generated samples")
    return (f'<div class="pair-row"><figure>{real_grid}<figcaption>real</figcaption></figure>'
            f"<figure>{fake_grid}<figcaption>generated</figcaption></figure></div>")


def comparison(*, real: dict, generated: dict) -> str:
    """real: prepare's reference pack at the export size; generated: generate's images at that size."""
    size = generated["images"].shape[-1]
    conditional = "labels" in generated and "labels" in real
    body = _character_rows(real, generated) if conditional else _side_by_side(real, generated)
    what = "each row one character: real samples, then generated ones asked for it" if conditional \
        else "a real grid beside a generated grid (the model takes no labels)"
    return f'<p class="note">{size} px, black ink on white as in the submission; {what}.</p>\n{body}'

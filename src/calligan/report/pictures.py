"""Image stacks as embedded PNG grids, in the submission's polarity: black ink on white paper."""

from __future__ import annotations

import base64
import html
import mimetypes
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import torch
from torchvision.utils import make_grid

from calligan.export.polarity import ink_on_paper

_SEPARATOR = 0.8  # light gray between images, so white paper edges stay visible on a white page


def grid_png(images: np.ndarray, *, nrow: int) -> bytes:
    """uint8 (N, H, W) images as one PNG grid, `nrow` per row, 2 px gray between them."""
    batch = torch.from_numpy(np.ascontiguousarray(images)).unsqueeze(1).float() / 255.0
    grid = make_grid(batch, nrow=nrow, padding=2, pad_value=_SEPARATOR)[:1]
    return iio.imwrite("<bytes>", (grid[0] * 255).round().to(torch.uint8).numpy(), extension=".png")


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def png_uri(data: bytes) -> str:
    return _data_uri("image/png", data)


def file_uri(path: Path) -> str:
    """The file as a `data:` URI, so the page needs nothing beside it."""
    return _data_uri(mimetypes.guess_type(path.name)[0] or "application/octet-stream", path.read_bytes())


def img(uri: str, *, alt: str, width: int | None = None, pixelated: bool = False, enlarged: bool = False) -> str:
    """One `<img>`, never wider than the page. width: its CSS width in px (None: the picture's own);
    pixelated: scaled without smoothing; enlarged: a small picture drawn at a readable width."""
    size = f' style="width:{width}px"' if width else ""
    classes = " ".join(name for name, on in (("pixelated", pixelated), ("enlarged", enlarged)) if on)
    css = f' class="{classes}"' if classes else ""
    return f'<img src="{uri}" alt="{html.escape(alt)}"{size}{css}>'


def grid_img(images: np.ndarray, *, nrow: int, alt: str, scale: float = 1.0) -> str:
    """A grid of images in submission polarity; `scale` enlarges small images for the eye (pixelated)."""
    width = round((min(nrow, len(images)) * (images.shape[-1] + 2) + 2) * scale)
    return img(png_uri(grid_png(ink_on_paper(images), nrow=nrow)), alt=alt, width=width, pixelated=scale != 1.0)

"""Bytes of any JPEG/PNG/BMP/WebP/GIF/TIFF, in any mode, to one 8-bit grey array (and a small colour copy of a
colour file, for the seal rule) — or a reason it cannot be."""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator
from typing import NamedTuple

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

# The only parsers exposed to untrusted files; an animated GIF or a multi-page TIFF gives its first frame.
FORMATS = ("JPEG", "PNG", "BMP", "WEBP", "GIF", "TIFF")
_REDUCED = {1: cv2.IMREAD_GRAYSCALE, 2: cv2.IMREAD_REDUCED_GRAYSCALE_2, 4: cv2.IMREAD_REDUCED_GRAYSCALE_4, 8: cv2.IMREAD_REDUCED_GRAYSCALE_8}
_REDUCED_COLOUR = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4, 8: cv2.IMREAD_REDUCED_COLOR_8}
_GREY_MODES = {"1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "F"}  # modes with no hue to read


class Decoded(NamedTuple):
    gray: np.ndarray  # the page as 8-bit luminance
    width: int  # size in the file's header
    height: int
    colour: np.ndarray | None  # BGR copy, both sides at least `colour_side` where the file allows; None for a grey file


class Unreadable(Exception):
    """The file is not a usable image; `args[0]` is the manifest reason."""


def image_size(data: bytes, *, max_pixels: int) -> tuple[Image.Image, int, int]:
    """Open lazily (header only) and refuse, before any decoding, images over `max_pixels`.

    max_pixels: width * height above which a file is refused as a decompression bomb.
    """
    if not data:
        raise Unreadable("empty")
    try:
        with bomb_guard(max_pixels), warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Unreadable("too_large" if "pixels" in str(exc) else "not_an_image") from None
    except (OSError, SyntaxError, ValueError):
        raise Unreadable("not_an_image") from None
    width, height = image.size
    if width * height > max_pixels:
        raise Unreadable("too_large")
    if width < 1 or height < 1:
        raise Unreadable("not_an_image")
    return image, width, height


def decode_page(data: bytes, *, max_pixels: int, min_side: int = 0, colour_side: int = 0) -> Decoded:
    """A file's bytes decoded: the header checked by `image_size`, then `to_gray`, and for a colour file a
    colour copy (the grey page is the same with or without it).

    Plain JPEGs (grey or YCbCr) are decoded by OpenCV, half again as fast as PIL, at the same DCT
    scale `to_gray` would pick; the rest (CMYK, other formats), and any JPEG OpenCV cannot decode
    (truncated, corrupt), go through PIL, which names the fault.

    colour_side: the colour copy of a JPEG is decoded at the coarsest DCT scale keeping both sides at least
    this long (a fraction of the grey decode's cost); 0 makes no colour copy.
    """
    image, width, height = image_size(data, max_pixels=max_pixels)
    wants_colour = bool(colour_side) and image.mode not in _GREY_MODES
    if image.format == "JPEG" and image.mode in ("L", "RGB"):
        buffer = np.frombuffer(data, np.uint8)
        gray = cv2.imdecode(buffer, _REDUCED[_dct_scale(width, height, min_side=min_side)])  # applies the EXIF orientation too
        if gray is not None:
            colour = cv2.imdecode(buffer, _REDUCED_COLOUR[_dct_scale(width, height, min_side=colour_side)]) if wants_colour else None
            return Decoded(gray, width, height, colour)
    gray = to_gray(image, min_side=min_side)
    colour = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR) if wants_colour else None
    return Decoded(gray, width, height, colour)


def _dct_scale(width: int, height: int, *, min_side: int) -> int:
    """The largest JPEG scale-down (1, 2, 4, 8) leaving both sides at least `min_side`, as PIL's draft picks."""
    fit = min(width // min_side, height // min_side) if min_side else 1
    return max(scale for scale in _REDUCED if scale <= max(fit, 1))


@contextlib.contextmanager
def bomb_guard(max_pixels: int) -> Iterator[None]:
    """PIL's own decompression-bomb limit set to `max_pixels` for a while, then restored."""
    previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, max_pixels
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def to_gray(image: Image.Image, *, min_side: int = 0) -> np.ndarray:
    """Decode to uint8 luminance; transparency is composited on the paper the ink implies.

    min_side: a JPEG may be decoded at 1/2, 1/4 or 1/8 scale (DCT scaling: several times faster,
    and every later step works on fewer pixels) as long as both sides stay at least this long;
    0 decodes at full size.
    """
    try:
        if image.format == "JPEG":
            image.draft("L", (min_side, min_side) if min_side else image.size)  # grey straight from the decoder
        image.load()
        ImageOps.exif_transpose(image, in_place=True)  # no copy when there is nothing to turn
        return _luminance(image)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise Unreadable("decode_error") from None


def _luminance(image: Image.Image) -> np.ndarray:
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        wide = np.asarray(image, dtype=np.float64)
        scale = 257.0 if wide.max(initial=0) > 255 or image.mode.startswith("I;16") else 1.0
        return np.clip(np.rint(wide / scale), 0, 255).astype(np.uint8)
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        return _composite(image.convert("RGBA"))
    return np.asarray(image if image.mode == "L" else image.convert("L"), dtype=np.uint8)


def _composite(image: Image.Image) -> np.ndarray:
    """Ink drawn on a transparent sheet: dark ink goes on white paper, light ink on black."""
    rgba = np.asarray(image, dtype=np.float32)
    alpha = rgba[..., 3] / 255.0
    gray = np.asarray(image.convert("RGB").convert("L"), dtype=np.float32)
    weight = alpha.sum()
    ink_level = (gray * alpha).sum() / weight if weight else 0.0
    paper = 255.0 if ink_level < 128 else 0.0
    return np.clip(np.rint(gray * alpha + paper * (1 - alpha)), 0, 255).astype(np.uint8)

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from calligan.data.decode import Unreadable, decode_page, image_size, to_gray


def _decode(data: bytes) -> np.ndarray:
    image, _, _ = image_size(data, max_pixels=10_000_000)
    return to_gray(image)


def _save(image: Image.Image, fmt: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


@pytest.fixture
def ink(draw):
    return draw.on_paper(draw.character(64), noise=0)


@pytest.mark.parametrize("fmt", ["PNG", "BMP", "WEBP", "JPEG"])
def test_formats_decode_to_the_same_grey_page(ink, fmt):
    options = {"lossless": True} if fmt == "WEBP" else {"quality": 95} if fmt == "JPEG" else {}
    gray = _decode(_save(Image.fromarray(ink), fmt, **options))
    assert gray.dtype == np.uint8 and gray.shape == ink.shape
    assert np.abs(gray.astype(int) - ink).mean() < 3


@pytest.mark.parametrize("mode", ["RGB", "P", "CMYK", "1"])
def test_colour_modes_decode_to_luminance(ink, mode):
    image = Image.fromarray(ink).convert("RGB").convert(mode, dither=Image.Dither.NONE)
    gray = _decode(_save(image, "JPEG" if mode == "CMYK" else "PNG", **({"quality": 95} if mode == "CMYK" else {})))
    assert gray.shape == ink.shape
    assert np.corrcoef(gray.ravel(), ink.ravel())[0, 1] > 0.9


def test_sixteen_bit_scales_to_eight(ink):
    wide = ink.astype(np.uint16) * 257
    gray = _decode(_save(Image.fromarray(wide), "PNG"))
    np.testing.assert_array_equal(gray, ink)


def test_transparent_sheet_gets_paper_under_dark_ink(draw):
    strokes = draw.character(64) > 0
    rgba = np.zeros((64, 64, 4), np.uint8)
    rgba[..., 3] = np.where(strokes, 255, 0)  # black ink, transparent elsewhere
    gray = _decode(_save(Image.fromarray(rgba, "RGBA"), "PNG"))
    assert (gray[~strokes] == 255).all() and (gray[strokes] == 0).all()
    light = rgba.copy()
    light[..., :3] = 255  # white ink on a transparent sheet goes on black
    gray = _decode(_save(Image.fromarray(light, "RGBA"), "PNG"))
    assert (gray[~strokes] == 0).all() and (gray[strokes] == 255).all()


def test_palette_with_transparency_is_composited(draw):
    strokes = draw.character(64) > 0
    palette = Image.fromarray(np.where(strokes, 1, 0).astype(np.uint8), "P")
    palette.putpalette([0, 0, 0, 20, 20, 20] + [0] * 762)
    palette.info["transparency"] = 0
    gray = _decode(_save(palette, "PNG", transparency=0))
    assert (gray[~strokes] == 255).all() and (gray[strokes] == 20).all()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width x height but holds a single byte of data: a decompression bomb's header."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"this is text, not an image", "not_an_image"),
        (b"GIF89a" + b"\x00" * 40, "not_an_image"),
        (_png_header_only(30_000, 30_000), "too_large"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(Unreadable, match=reason):
        image_size(data, max_pixels=40_000_000)


def test_truncated_files_fail_at_decoding(ink):
    for fmt in ("PNG", "JPEG"):
        data = _save(Image.fromarray(ink), fmt)
        with pytest.raises(Unreadable, match="decode_error"):
            _decode(data[: len(data) // 2])


def test_size_limit_is_checked_from_the_header(ink):
    data = _save(Image.fromarray(ink), "PNG")
    with pytest.raises(Unreadable, match="too_large"):
        image_size(data, max_pixels=64 * 64 - 1)
    assert image_size(data, max_pixels=64 * 64)[1:] == (64, 64)


def _decode_fast(data: bytes, min_side: int = 0) -> np.ndarray:
    return decode_page(data, max_pixels=10_000_000, min_side=min_side).gray


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_opencv_jpeg_path_matches_pil_with_exif_orientation(ink, orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = _save(Image.fromarray(ink[:, 8:]), "JPEG", quality=95, exif=exif)
    fast, pil = _decode_fast(data), _decode(data)
    assert fast.shape == pil.shape == (ink[:, 8:].shape[::-1] if orientation in (6, 8) else ink[:, 8:].shape)
    assert np.abs(fast.astype(int) - pil).mean() < 1


def test_opencv_jpeg_path_scales_like_pil_draft(draw):
    page = draw.on_paper(draw.character(300), noise=0)
    data = _save(Image.fromarray(page), "JPEG", quality=95)
    image, _, _ = image_size(data, max_pixels=10_000_000)
    assert _decode_fast(data, min_side=128).shape == to_gray(image, min_side=128).shape == (150, 150)
    assert _decode_fast(data, min_side=200).shape == (300, 300)


def test_truncated_and_cmyk_jpegs_take_the_pil_path(ink):
    data = _save(Image.fromarray(ink), "JPEG")
    with pytest.raises(Unreadable, match="decode_error"):
        _decode_fast(data[: len(data) // 2])
    cmyk = _save(Image.fromarray(ink).convert("CMYK"), "JPEG", quality=95)
    assert np.corrcoef(_decode_fast(cmyk).ravel(), ink.ravel())[0, 1] > 0.9


def test_a_gif_decodes_its_first_frame(ink):
    frames = [Image.fromarray(ink), Image.fromarray(255 - ink)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    gray = _decode(buffer.getvalue())
    assert gray.shape == ink.shape and np.abs(gray.astype(int) - ink).mean() < 3


@pytest.mark.parametrize("compression", ["raw", "tiff_lzw", "tiff_adobe_deflate"])
def test_a_multi_page_tiff_decodes_its_first_page(ink, compression):
    pages = [Image.fromarray(ink), Image.fromarray(255 - ink)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:], compression=compression)
    assert Image.open(io.BytesIO(buffer.getvalue())).n_frames == 2
    np.testing.assert_array_equal(decode_page(buffer.getvalue(), max_pixels=10_000_000).gray, ink)


@pytest.mark.parametrize("byte_order", ["<u2", ">u2"])
def test_a_sixteen_bit_tiff_scales_to_eight(ink, byte_order):
    wide = (ink.astype(np.uint16) * 257).astype(byte_order)
    np.testing.assert_array_equal(decode_page(_save(Image.fromarray(wide), "TIFF"), max_pixels=10_000_000).gray, ink)


def test_a_bilevel_fax_tiff_decodes(ink):
    bilevel = Image.fromarray(ink).convert("1", dither=Image.Dither.NONE)
    gray = decode_page(_save(bilevel, "TIFF", compression="group4"), max_pixels=10_000_000).gray
    np.testing.assert_array_equal(gray, np.asarray(bilevel.convert("L")))


def test_a_colour_copy_only_for_colour_files_and_the_grey_page_unchanged_by_it(ink):
    red = np.stack([ink, ink // 3, ink // 3], axis=-1)
    for fmt in ("JPEG", "PNG"):
        data = _save(Image.fromarray(red), fmt)
        plain, with_colour = decode_page(data, max_pixels=10_000_000), decode_page(data, max_pixels=10_000_000, colour_side=32)
        np.testing.assert_array_equal(plain.gray, with_colour.gray)
        assert plain.colour is None and with_colour.colour.shape[2] == 3 and min(with_colour.colour.shape[:2]) >= 32
        assert with_colour.colour[..., 2].mean() > with_colour.colour[..., 1].mean() + 20  # BGR: red stays red
    grey = decode_page(_save(Image.fromarray(ink), "JPEG"), max_pixels=10_000_000, colour_side=32)
    assert grey.colour is None

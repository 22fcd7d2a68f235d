from __future__ import annotations

import cv2
import numpy as np

from calligan.export.png import encode_all, encode_png


def test_png_is_8_bit_gray_without_metadata_and_round_trips(strokes):
    image = strokes(1, 32)[0]
    data = encode_png(image, compression=6)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[24:26] == bytes([8, 0])  # IHDR bit depth 8, colour type 0 (grayscale)
    assert b"tIME" not in data and b"tEXt" not in data
    assert np.array_equal(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED), image)


def test_parallel_encoding_keeps_order_and_bytes(strokes):
    images = strokes(300, 16)
    serial = [encode_png(image, compression=9) for image in images]
    assert encode_all(images, compression=9, workers=2, progress=False) == serial
    assert encode_all(images, compression=9, workers=1, progress=False) == serial

import io

import numpy as np
from PIL import Image

from calligan.data.dedupe import DuplicateFinder, perceptual_hash, pixel_hash


def test_pixel_hash_depends_on_pixels_and_shape():
    a = np.zeros((8, 8), np.uint8)
    assert pixel_hash(a) == pixel_hash(a.copy())
    assert pixel_hash(a) != pixel_hash(np.zeros((4, 16), np.uint8))
    b = a.copy()
    b[3, 3] = 1
    assert pixel_hash(a) != pixel_hash(b)


def test_re_encoded_copy_is_found_and_a_different_image_is_not(draw):
    original = draw.character(64)
    buffer = io.BytesIO()
    Image.fromarray(original).save(buffer, format="JPEG", quality=85)
    copy = np.asarray(Image.open(buffer))
    other = draw.character(64, offset=(6, 0))
    images = np.stack([original, copy, other])
    assert perceptual_hash(original) == perceptual_hash(copy)
    finder = DuplicateFinder(images=images, max_diff=0.15)
    assert finder.first_copy(index=0, phash=perceptual_hash(original)) is None
    assert finder.first_copy(index=1, phash=perceptual_hash(copy)) == 0
    assert finder.first_copy(index=2, phash=perceptual_hash(other)) is None
    images[2] = original
    assert finder.first_copy(index=2, phash=0) == 0  # identical pixels, whatever the perceptual hash


def test_candidates_passed_over_by_their_ink_totals_could_never_match():
    rng = np.random.default_rng(0)
    base = rng.integers(0, 256, (16, 16))
    images = np.stack([np.clip(base * scale + rng.normal(0, 8, base.shape), 0, 255) for scale in rng.uniform(0.6, 1.1, 60)]).astype(np.uint8)
    finder = DuplicateFinder(images=images, max_diff=0.15)
    remembered, found = [], 0
    for index, image in enumerate(images):  # one perceptual hash for all: every remembered image is a candidate
        a = image.astype(np.int64)
        expected = next((e for e in remembered if np.abs(images[e] - a).sum() <= 0.15 * np.maximum(images[e], a).sum()), None)
        assert finder.first_copy(index=index, phash=7) == expected
        found += expected is not None
        if expected is None:
            remembered.append(index)
    assert 0 < found < len(images) - 1  # both outcomes met

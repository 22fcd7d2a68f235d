import io

import cv2
import numpy as np
import pytest
from PIL import Image

from calligan.data.dedupe import DuplicateFinder, perceptual_hash, pixel_hash
from calligan.data.sources import read_idx

RULE = dict(max_diff=0.15, max_moved=0.03, edge_slack=1 / 32)  # params.yaml's


def _jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=quality)
    return np.asarray(Image.open(buffer))


def _shifted(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    return cv2.warpAffine(image, np.float32([[1, 0, dx], [0, 1, dy]]), image.shape[::-1])


def _copies_found(images: np.ndarray) -> list[int | None]:
    finder = DuplicateFinder(images=images, **RULE)
    return [finder.first_copy(index=index, phash=perceptual_hash(image)) for index, image in enumerate(images)]


def test_pixel_hash_depends_on_pixels_and_shape():
    a = np.zeros((8, 8), np.uint8)
    assert pixel_hash(a) == pixel_hash(a.copy())
    assert pixel_hash(a) != pixel_hash(np.zeros((4, 16), np.uint8))
    b = a.copy()
    b[3, 3] = 1
    assert pixel_hash(a) != pixel_hash(b)


def test_re_encoded_copy_is_found_and_a_different_image_is_not(draw):
    original = draw.character(64)
    copy = _jpeg(original, 85)
    other = cv2.flip(original, 1)  # the same ink, another glyph
    images = np.stack([original, copy, other])
    assert perceptual_hash(original) == perceptual_hash(copy)
    finder = DuplicateFinder(images=images, **RULE)
    assert finder.first_copy(index=0, phash=perceptual_hash(original)) is None
    assert finder.first_copy(index=1, phash=perceptual_hash(copy)) == 0
    assert finder.first_copy(index=2, phash=perceptual_hash(other)) is None
    images[2] = original
    assert finder.first_copy(index=2, phash=0) == 0  # identical pixels, whatever the perceptual hash


def test_candidates_passed_over_by_their_ink_totals_could_never_match():
    rng = np.random.default_rng(0)
    base = rng.integers(0, 256, (16, 16))
    images = np.stack([np.clip(base * scale + rng.normal(0, 8, base.shape), 0, 255) for scale in rng.uniform(0.6, 1.1, 60)]).astype(np.uint8)
    finder = DuplicateFinder(images=images, max_diff=0.15, max_moved=1.0, edge_slack=0.0)  # the ink-difference test alone
    remembered, found = [], 0
    for index, image in enumerate(images):  # one perceptual hash for all: every remembered image is a candidate
        a = image.astype(np.int64)
        expected = next((e for e in remembered if np.abs(images[e] - a).sum() <= 0.15 * np.maximum(images[e], a).sum()), None)
        assert finder.first_copy(index=index, phash=7) == expected
        found += expected is not None
        if expected is None:
            remembered.append(index)
    assert 0 < found < len(images) - 1  # both outcomes met


@pytest.fixture(scope="module")
def mnist_test_ones(shared_data) -> np.ndarray:
    """The 1,135 1s of MNIST's test set: different writers' simple glyphs, many a few grey levels apart."""
    images = read_idx(shared_data / "mnist" / "t10k-images.idx3-ubyte.gz")
    labels = read_idx(shared_data / "mnist" / "t10k-labels.idx1-ubyte.gz")
    return images[labels == 1]


def test_other_writers_ones_are_kept_though_their_ink_differs_little(mnist_test_ones):
    loose = DuplicateFinder(images=mnist_test_ones, max_diff=0.15, max_moved=1.0, edge_slack=0.0)
    taken_by_ink_alone = sum(loose.first_copy(index=i, phash=perceptual_hash(one)) is not None for i, one in enumerate(mnist_test_ones))
    assert taken_by_ink_alone >= 20  # the ink-difference test alone takes dozens of them for copies
    found = _copies_found(mnist_test_ones)
    assert sum(copy is not None for copy in found) <= 1


def test_re_encoded_and_shifted_copies_of_simple_glyphs_are_caught(mnist_test_ones):
    rng = np.random.default_rng(3)
    originals = mnist_test_ones[rng.choice(len(mnist_test_ones), 100, replace=False)]
    copies = [_jpeg(one, int(rng.integers(60, 96))) for one in originals[:50]]
    copies += [_shifted(one, *rng.choice([-2, -1, 1, 2], 2)) for one in originals[50:]]
    found = _copies_found(np.concatenate([originals, np.stack(copies)]))
    assert all(copy is None for copy in found[:100])
    assert sum(copy == index for index, copy in enumerate(found[100:])) >= 98

import tracemalloc

import numpy as np

from calligan.io.npz import RawArray, save_npz


def test_same_arrays_give_same_bytes_and_numpy_reads_them(tmp_path):
    arrays = {
        "images": np.arange(2 * 4 * 4, dtype=np.uint8).reshape(2, 4, 4),
        "labels": np.array([3, 1], dtype=np.int64),
        "classes": np.array(["一", "永"]),
    }
    save_npz(tmp_path / "a.npz", arrays)
    save_npz(tmp_path / "b.npz", dict(reversed(arrays.items())), compress=False)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    with np.load(tmp_path / "a.npz", allow_pickle=False) as loaded:
        for name, array in arrays.items():
            np.testing.assert_array_equal(loaded[name], array)
            assert loaded[name].dtype == array.dtype


def test_compressed_is_smaller_for_sparse_images(tmp_path):
    images = np.zeros((50, 64, 64), dtype=np.uint8)
    save_npz(tmp_path / "raw.npz", {"images": images})
    save_npz(tmp_path / "small.npz", {"images": images}, compress=True)
    assert (tmp_path / "small.npz").stat().st_size < (tmp_path / "raw.npz").stat().st_size / 10
    with np.load(tmp_path / "small.npz") as loaded:
        np.testing.assert_array_equal(loaded["images"], images)


def test_large_arrays_stream_without_a_copy_in_memory(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, (2500, 128, 128), dtype=np.uint8)  # 41 MB: several write pieces
    arrays = {"images": images, "strided": images[::2, ::3, 1:], "fortran": np.asfortranarray(images[:50]), "count": np.array(7)}
    tracemalloc.start()
    try:
        save_npz(tmp_path / "big.npz", arrays)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < images.nbytes / 2  # numpy's 16 MiB pieces and the small Fortran copy, never a whole member
    with np.load(tmp_path / "big.npz", allow_pickle=False) as loaded:
        for name, array in arrays.items():
            np.testing.assert_array_equal(loaded[name], array)
            assert loaded[name].shape == array.shape
    save_npz(tmp_path / "again.npz", arrays)
    assert (tmp_path / "big.npz").read_bytes() == (tmp_path / "again.npz").read_bytes()


def test_a_raw_array_on_disk_gives_the_same_bytes_as_the_array(tmp_path):
    images = np.random.default_rng(1).integers(0, 256, (30, 16, 16), dtype=np.uint8)
    labels = np.arange(30, dtype=np.int64)
    save_npz(tmp_path / "held.npz", {"images": images, "labels": labels})
    with open(tmp_path / "images.raw", "w+b") as spool:
        spool.write(images.tobytes())
        save_npz(tmp_path / "spooled.npz", {"images": RawArray(spool, images.shape, images.dtype), "labels": labels})
    assert (tmp_path / "held.npz").read_bytes() == (tmp_path / "spooled.npz").read_bytes()

import os
import stat
import zipfile

import numpy as np
import pytest

from calligan.data.sources import digest_source, open_source
from calligan.errors import CalliganError


class _LegacyName(zipfile.ZipInfo):
    """Writes its name as raw bytes with the UTF-8 flag unset, as Windows tools do (zipfile would
    otherwise store any non-ASCII name as UTF-8 and set the flag)."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def _legacy_info(name: str, encoding: str) -> zipfile.ZipInfo:
    return _LegacyName(name.encode(encoding).decode("cp437"))


def test_zip_with_gbk_names_unsafe_members_symlinks_and_junk(tmp_path, draw):
    png = draw.encode(draw.character(64))
    path = tmp_path / "d.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(_legacy_info("train/永/1.png", "gbk"), png)
        archive.writestr("train/永/2.png", png)
        archive.writestr("train/一/1.png", png)
        archive.writestr("../evil.png", png)
        archive.writestr("/abs.png", png)
        link = zipfile.ZipInfo("train/一/link.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("__MACOSX/train/一/._1.png", b"junk")
        archive.writestr("train/一/.DS_Store", b"junk")
        archive.writestr("README.txt", b"about")
    raw = path.read_bytes()
    assert "永".encode("gbk") in raw
    source = open_source(path)
    by_path = {e.path: e for e in source.entries}
    assert sorted(by_path) == ["../evil.png", "/abs.png", "train/一/1.png", "train/一/link.png", "train/永/1.png", "train/永/2.png"]
    assert by_path["train/永/1.png"].label == "永" and by_path["train/永/1.png"].problem is None
    assert by_path["../evil.png"].problem == "unsafe_path"
    assert by_path["/abs.png"].problem == "unsafe_path"
    assert by_path["train/一/link.png"].problem == "symlink"
    assert source.read(by_path["train/永/1.png"]) == png
    assert source.ignored == 1  # README.txt is not inside a label folder


def test_folder_refuses_links_and_keeps_splits(tmp_path, draw):
    png = draw.encode(draw.character(64))
    outside = tmp_path / "outside.png"
    outside.write_bytes(png)
    root = tmp_path / "data"
    for split, label in [("train", "一"), ("validation", "一"), ("validation", "二")]:
        (root / split / label).mkdir(parents=True)
        (root / split / label / "1.png").write_bytes(png)
    os.symlink(outside, root / "train" / "一" / "evil.png")
    os.symlink(tmp_path, root / "train" / "loop")
    (root / "train" / "一" / "Thumbs.db").write_bytes(b"junk")
    source = open_source(root)
    problems = {e.path: e.problem for e in source.entries}
    assert problems == {
        "train/一/1.png": None,
        "train/一/evil.png": "symlink",
        "train/loop": "symlink",
        "validation/一/1.png": None,
        "validation/二/1.png": None,
    }
    assert {e.split for e in source.entries if e.problem is None} == {"train", "validation"}
    only_validation = open_source(root, splits=["validation"])
    assert {e.path for e in only_validation.entries if e.problem is None} == {"validation/一/1.png", "validation/二/1.png"}


def test_limit_keeps_the_first_files_of_each_class(tmp_path, draw):
    png = draw.encode(draw.character(32))
    for label in "一二":
        (tmp_path / label).mkdir()
        for i in range(5):
            (tmp_path / label / f"{i}.png").write_bytes(png)
    source = open_source(tmp_path, limit=2)
    assert [e.path for e in source.entries] == ["一/0.png", "一/1.png", "二/0.png", "二/1.png"]
    assert all(e.split == "train" for e in source.entries)


def test_unusable_sources_fail_with_one_clear_error(tmp_path):
    with pytest.raises(CalliganError, match="does not exist"):
        open_source(tmp_path / "missing.zip")
    (tmp_path / "notzip.zip").write_bytes(b"hello")
    with pytest.raises(CalliganError, match="neither a folder nor a readable zip"):
        open_source(tmp_path / "notzip.zip")
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / "1.png").write_bytes(b"x")
    with pytest.raises(CalliganError, match="not a dataset"):
        open_source(tmp_path / "flat")


def test_idx_folder_is_a_source(tmp_path):
    import gzip

    images = np.arange(3 * 28 * 28, dtype=np.uint32).astype(np.uint8).reshape(3, 28, 28)
    header = bytes([0, 0, 8, 3]) + b"".join(n.to_bytes(4, "big") for n in images.shape)
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(gzip.compress(header + images.tobytes()))
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(bytes([0, 0, 8, 1]) + (3).to_bytes(4, "big") + bytes([4, 0, 4]))
    source = open_source(tmp_path)
    assert source.kind == "idx"
    assert [(e.path, e.label, e.split) for e in source.entries] == [
        ("train-images-idx3-ubyte.gz#0", "4", "train"),
        ("train-images-idx3-ubyte.gz#1", "0", "train"),
        ("train-images-idx3-ubyte.gz#2", "4", "train"),
    ]
    np.testing.assert_array_equal(source.read(source.entries[2]), images[2])


def test_folder_names_written_as_gbk_on_disk_come_out_as_characters(tmp_path, draw):
    png = draw.encode(draw.character(64))
    root = os.fsencode(tmp_path / "data")
    for label, name in [("永", "书法.png"), ("永", "1.png"), ("和", "2.png")]:
        folder = root + b"/" + label.encode("gbk")  # as unzip leaves a Windows zip's names
        os.makedirs(folder, exist_ok=True)
        with open(folder + b"/" + name.encode("gbk"), "wb") as handle:
            handle.write(png)
    source = open_source(tmp_path / "data")
    assert sorted(e.path for e in source.entries) == ["和/2.png", "永/1.png", "永/书法.png"]
    assert {e.label for e in source.entries} == {"永", "和"}
    assert all(source.read(e).read_bytes() == png for e in source.entries)


def test_an_unlabelled_test_split_beside_train_is_ignored_not_a_class(tmp_path, draw):
    png = draw.encode(draw.character(64))
    root = tmp_path / "tinymind"
    for path in ["train/永/1.png", "train/和/1.png", "test1/0a1b.png", "test1/9f8e.png"]:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(png)
    source = open_source(tmp_path)
    assert sorted(e.path for e in source.entries) == ["tinymind/train/和/1.png", "tinymind/train/永/1.png"]
    assert source.ignored == 2


def test_a_digest_follows_the_data_not_where_it_lies(tmp_path):
    for root in (tmp_path / "a", tmp_path / "b"):
        (root / "train" / "一").mkdir(parents=True)
        (root / "train" / "一" / "1.png").write_bytes(b"ink")
        (root / "train" / "一" / "2.png").write_bytes(b"more ink")
    first = digest_source(tmp_path / "a")
    assert first == digest_source(tmp_path / "b") and (first["files"], first["bytes"]) == (2, 11)
    (tmp_path / "b" / "train" / "一" / "2.png").write_bytes(b"more inK")
    assert digest_source(tmp_path / "b")["sha256"] != first["sha256"]
    (tmp_path / "a" / "train" / "一" / "2.png").rename(tmp_path / "a" / "train" / "一" / "3.png")
    assert digest_source(tmp_path / "a")["sha256"] != first["sha256"]

import os

import pytest

from calligan.data.entries import disk_name, is_junk, split_and_label, strip_wrapper, unsafe_reason, zip_member_name


def test_legacy_zip_names_are_recovered_from_gbk_and_utf8():
    gbk_as_cp437 = "train/永/1.png".encode("gbk").decode("cp437")
    utf8_as_cp437 = "train/永/1.png".encode("utf-8").decode("cp437")
    assert zip_member_name(gbk_as_cp437, 0) == "train/永/1.png"
    assert zip_member_name(utf8_as_cp437, 0) == "train/永/1.png"
    assert zip_member_name("train/永/1.png", 0x800) == "train/永/1.png"


def test_disk_names_that_are_not_utf8_are_read_as_gbk_or_kept_visible():
    assert disk_name("永.png") == "永.png"
    assert disk_name(os.fsdecode("永.png".encode("gbk"))) == "永.png"
    assert disk_name(os.fsdecode(b"\xff\xfe.png")) == "\\xff\\xfe.png"  # neither UTF-8 nor GBK


@pytest.mark.parametrize("name", ["../x.jpg", "a/../../x.jpg", "/etc/x.jpg", "C:/x.jpg", "c:x.jpg", "\\\\srv\\x.jpg", "a\\..\\x.jpg"])
def test_names_escaping_the_root_are_unsafe(name):
    assert unsafe_reason(name) == "unsafe_path"


def test_ordinary_names_are_safe():
    assert unsafe_reason("train/一/00001.jpg") is None
    assert unsafe_reason("一/a..b.jpg") is None


def test_junk_is_recognised():
    assert is_junk(("__MACOSX", "train", "一", "._1.png"))
    assert is_junk(("一", ".DS_Store"))
    assert is_junk(("一", "Thumbs.db"))
    assert not is_junk(("train", "一", "1.png"))


def test_split_and_label_from_layout():
    assert split_and_label(("一", "1.png")) == ("train", "一")
    assert split_and_label(("validation", "一", "1.png")) == ("validation", "一")
    assert split_and_label(("README.txt",)) is None
    assert split_and_label(("test1", "00a3f.jpg")) is None  # a competition's unlabelled test images


def test_packaging_folders_are_stripped_but_split_folders_kept():
    assert strip_wrapper([("data", "train", "一", "1.png"), ("data", "validation", "二", "1.png")]) == 1
    assert strip_wrapper([("mydata", "一", "1.png"), ("mydata", "二", "1.png")]) == 1
    assert strip_wrapper([("train", "一", "1.png"), ("train", "二", "1.png")]) == 0
    assert strip_wrapper([("一", "1.png"), ("一", "2.png")]) == 0

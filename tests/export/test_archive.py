from __future__ import annotations

import zipfile

from calligan.export.archive import write_zip


def test_same_members_give_the_same_bytes_with_fixed_dates(tmp_path):
    members = [("b.png", b"\x89PNG second"), ("a.txt", b"first")]
    write_zip(tmp_path / "one.zip", members)
    write_zip(tmp_path / "two.zip", members)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert archive.namelist() == ["b.png", "a.txt"]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("a.txt") == b"first"

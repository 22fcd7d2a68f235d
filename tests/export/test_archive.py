from __future__ import annotations

import time
import zipfile

from calligan.export.archive import write_zip


def test_same_members_give_the_same_bytes_at_any_time(tmp_path):
    members = [("b.png", b"\x89PNG second"), ("a.txt", b"first")]
    write_zip(tmp_path / "one.zip", members)
    time.sleep(1.1)  # a zip stores times to 2 s; a clock-stamped member would likely differ
    write_zip(tmp_path / "two.zip", members)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert archive.namelist() == ["b.png", "a.txt"]
        assert archive.read("a.txt") == b"first"

import base64
import hashlib

import imageio.v3 as iio
import numpy as np
import pytest

from calligan.errors import CalliganError
from calligan.export.archive import write_zip
from calligan.report.archive import PREVIEW, submission_preview


@pytest.fixture()
def submission(tmp_path):
    members = [(f"{i:05d}.png", iio.imwrite("<bytes>", np.full((8, 8), i * 10, np.uint8), extension=".png"))
               for i in range(PREVIEW + 3)]
    path = tmp_path / "submission.zip"
    write_zip(path, [*members, ("manifest.csv", b"file,label\n")])
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    path.with_name("submission.zip.sha256").write_text(f"{sha}  submission.zip\n")
    return path, members, sha


def test_preview_shows_the_stored_bytes_count_size_and_hash(submission):
    path, members, sha = submission
    html = submission_preview(path)
    assert f"<strong>{PREVIEW + 3:,}</strong> PNG files" in html  # the manifest is not an image
    assert f"<strong>{path.stat().st_size:,}</strong> bytes" in html and sha in html and "matches" in html
    assert html.count("<img ") == PREVIEW
    assert base64.b64encode(members[0][1]).decode() in html  # as stored, not re-encoded


def test_a_changed_archive_is_flagged_and_a_broken_one_named(submission):
    path, _, _ = submission
    path.write_bytes(path.read_bytes() + b"\0")
    assert "differs from submission.zip.sha256" in submission_preview(path)
    path.write_bytes(b"not a zip")
    with pytest.raises(CalliganError, match="not a zip archive; rerun `calligan export`"):
        submission_preview(path)


def test_the_readme_states_the_preview_size(repo_root):
    assert f"the first {PREVIEW} PNGs of `submission.zip`" in (repo_root / "README.md").read_text(encoding="utf-8")

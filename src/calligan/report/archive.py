"""What is in the submission: its first images exactly as stored, with file count, size and sha256."""

from __future__ import annotations

import hashlib
import html
import zipfile
from pathlib import Path

from calligan.errors import CalliganError
from calligan.report.pictures import img, png_uri

PREVIEW = 12  # first images of the archive shown
_CHUNK = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def submission_preview(path: Path) -> str:
    """The preview section body for `submission.zip` (its `.sha256` beside it is checked, not trusted)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [name for name in archive.namelist() if name.lower().endswith(".png")]
            first = [(name, archive.read(name)) for name in names[:PREVIEW]]
    except zipfile.BadZipFile:
        raise CalliganError(f"{path}: not a zip archive; rerun `calligan export`") from None
    sha = _sha256(path)
    recorded = path.with_name(path.name + ".sha256")
    if not recorded.is_file():
        check = f"no {html.escape(recorded.name)} beside it"
    elif recorded.read_text(encoding="utf-8").split()[:1] == [sha]:
        check = f"matches {html.escape(recorded.name)}"
    else:
        check = f'<strong>differs from {html.escape(recorded.name)}</strong>: the archive changed after export'
    images = "".join(
        f'<figure>{img(png_uri(data), alt=f"{name} as stored in the submission")}<figcaption>{html.escape(name)}</figcaption></figure>'
        for name, data in first
    )
    return (
        f'<p><strong>{len(names):,}</strong> PNG files, <strong>{path.stat().st_size:,}</strong> bytes, '
        f'sha256 <code class="hash">{sha}</code> ({check}).</p>\n'
        f'<p class="note">The first {len(first)} files of {html.escape(str(path))}, their stored bytes unchanged.</p>\n'
        f'<div class="gallery">{images}</div>'
    )

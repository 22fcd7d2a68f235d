"""The export stage: `submission.zip`, the generated set as black-on-white PNGs, validated, with a checksum beside it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from calligan.config.export import ExportParams
from calligan.export.archive import write_zip
from calligan.export.manifest import MANIFEST_NAME, manifest_csv, png_names
from calligan.export.png import encode_all
from calligan.export.polarity import ink_on_paper
from calligan.export.source import load_generated
from calligan.export.validate import SubmissionCheck, validate_submission
from calligan.io.atomic import atomic_path, atomic_write_text


@dataclass(frozen=True)
class ExportResult:
    archive: Path  # the submission zip
    checksum: Path  # `<archive>.sha256`, in `sha256sum -c` format
    sha256: str  # hex digest of the archive
    check: SubmissionCheck  # what validation found in the written archive


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run(params: ExportParams, *, progress: bool = True) -> ExportResult:
    """Write params.out and its .sha256; nothing lands unless the written archive validates.

    progress: show tqdm bars.
    """
    generated = load_generated(params.source, size=params.image_size)
    names = png_names(len(generated.images))
    # Internal convention is bright ink on dark; the competition wants black ink on white.
    pngs = encode_all(
        ink_on_paper(generated.images), compression=params.png_compression, workers=params.workers, progress=progress
    )
    manifest = manifest_csv(names=names, labels=generated.labels, codes=generated.codes, seeds=generated.seeds)
    archive = Path(params.out)
    checksum = archive.with_name(archive.name + ".sha256")
    with atomic_path(archive) as tmp:
        write_zip(tmp, [*zip(names, pngs), (MANIFEST_NAME, manifest)])
        check = validate_submission(tmp, count=len(names), size=params.image_size)
        sha256 = _sha256(tmp)
        # Valid: the old checksum goes before the old archive, so it never vouches for the new one.
        checksum.unlink(missing_ok=True)
    atomic_write_text(checksum, f"{sha256}  {archive.name}\n")
    return ExportResult(archive=archive, checksum=checksum, sha256=sha256, check=check)

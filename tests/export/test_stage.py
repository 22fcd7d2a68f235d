from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from calligan.config.export import ExportParams
from calligan.errors import CalliganError
from calligan.export import stage


def _params(source, out, **changes) -> ExportParams:
    return ExportParams(source=str(source), out=str(out), **{"image_size": 32, "workers": 2, **changes})


def test_submission_is_inverted_labelled_and_byte_identical(tmp_path, generated_npz):
    source = generated_npz(12, 32)
    result = stage.run(_params(source, tmp_path / "a" / "submission.zip"), progress=False)
    again = stage.run(_params(source, tmp_path / "b" / "submission.zip"), progress=False)
    assert result.archive.read_bytes() == again.archive.read_bytes()

    with np.load(source) as generated:
        internal = generated["images"]
    with zipfile.ZipFile(result.archive) as archive:
        names = [n for n in archive.namelist() if n.endswith(".png")]
        first = Image.open(io.BytesIO(archive.read(names[0])))
        manifest = pd.read_csv(io.BytesIO(archive.read("manifest.csv")))
    assert names[0] == "00001.png" and len(names) == 12
    assert first.mode == "L" and np.array_equal(np.asarray(first), 255 - internal[0])
    assert manifest.columns.tolist() == ["file", "label", "seed"] and manifest["seed"].tolist() == list(range(100, 112))
    assert result.check.border_mean == 255.0


def test_checksum_file_verifies_with_sha256sum(tmp_path, generated_npz):
    result = stage.run(_params(generated_npz(4, 32), tmp_path / "submission.zip"), progress=False)
    assert result.checksum.name == "submission.zip.sha256"
    assert result.checksum.read_text() == f"{result.sha256}  submission.zip\n"
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "-c", result.checksum.name], cwd=tmp_path, check=True, capture_output=True)


def test_bad_input_leaves_earlier_outputs_untouched(tmp_path, generated_npz, strokes):
    out = tmp_path / "submission.zip"
    stage.run(_params(generated_npz(4, 32), out), progress=False)
    before = out.read_bytes(), out.with_name("submission.zip.sha256").read_bytes()
    with pytest.raises(CalliganError, match="light borders"):
        stage.run(_params(generated_npz(images=255 - strokes(4, 32)), out), progress=False)
    with pytest.raises(CalliganError, match="expected uint8 \\(N, 32, 32\\)"):
        stage.run(_params(generated_npz(4, 64), out), progress=False)
    assert (out.read_bytes(), out.with_name("submission.zip.sha256").read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "submission.zip", "submission.zip.sha256"]


def test_nothing_is_written_for_a_missing_source(tmp_path):
    with pytest.raises(CalliganError, match="calligan generate"):
        stage.run(_params(tmp_path / "absent.npz", tmp_path / "out" / "submission.zip"), progress=False)
    assert not (tmp_path / "out").exists()


def test_an_archive_that_fails_validation_never_lands(tmp_path, generated_npz, monkeypatch):
    from calligan.export.png import encode_all

    # A writer bug that forgets to invert: validation must stop it before the rename.
    monkeypatch.setattr(stage, "encode_all", lambda images, **kw: encode_all(255 - images, **kw))
    out = tmp_path / "out" / "submission.zip"
    with pytest.raises(CalliganError, match="dark borders"):
        stage.run(_params(generated_npz(4, 32), out), progress=False)
    assert list(out.parent.iterdir()) == []

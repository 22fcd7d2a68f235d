from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from calligan.errors import CalliganError
from calligan.export.archive import write_zip
from calligan.export.manifest import MANIFEST_NAME, manifest_csv, png_names
from calligan.export.png import encode_png
from calligan.export.validate import validate_submission


def _submission(path, pngs: list[bytes], *, manifest: bool = True):
    names = png_names(len(pngs))
    extra = [(MANIFEST_NAME, manifest_csv(names=names, labels=None, codes=None, seeds=None))] if manifest else []
    write_zip(path, [*zip(names, pngs), *extra])
    return path


def _pngs(images) -> list[bytes]:
    return [encode_png(image, compression=1) for image in images]


def test_black_ink_on_white_passes(tmp_path, strokes):
    check = validate_submission(_submission(tmp_path / "s.zip", _pngs(255 - strokes(5, 32))), count=5, size=32)
    assert check.count == 5 and check.size == 32 and check.border_mean == 255.0


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("polarity", "dark borders"),
        ("size", "expected PNG mode L \\(8-bit gray\\) 32x32"),
        ("rgb", "mode RGB"),
        ("count", "holds 4 PNG files, expected 5"),
        ("manifest", "no manifest.csv"),
    ],
)
def test_bad_submissions_are_caught(tmp_path, strokes, case, message):
    good = 255 - strokes(5, 32)
    if case == "polarity":
        pngs = _pngs(255 - good)
    elif case == "size":
        pngs = _pngs(good[:, :16, :16])
    elif case == "rgb":
        buffer = io.BytesIO()
        Image.fromarray(np.stack([good[0]] * 3, axis=-1)).save(buffer, format="PNG")
        pngs = [buffer.getvalue(), *_pngs(good[1:])]
    else:
        pngs = _pngs(good[:4] if case == "count" else good)
    path = _submission(tmp_path / "s.zip", pngs, manifest=case != "manifest")
    with pytest.raises(CalliganError, match=message):
        validate_submission(path, count=5, size=32)

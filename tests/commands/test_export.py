from __future__ import annotations

import argparse
import types

import cv2
import numpy as np

from calligan.cli import build_parser
from calligan.commands import export
from calligan.config.export import ExportParams
from calligan.io.npz import save_npz


def _args(*argv: str) -> argparse.Namespace:
    return build_parser((export.NAME,)).parse_args([export.NAME, "--no-progress", *argv])


def test_run_writes_the_validated_archive_and_its_checksum(tmp_path, capsys):
    images = np.zeros((3, 32, 32), np.uint8)
    for image in images:
        cv2.circle(image, (16, 16), 8, 255, thickness=3)
    save_npz(tmp_path / "images.npz", {"images": images})
    params = types.SimpleNamespace(export=ExportParams(source="unused.npz", out=str(tmp_path / "default.zip"), image_size=32))
    assert export.run(params, _args("--source", str(tmp_path / "images.npz"), "--out", str(tmp_path / "s" / "sub.zip"))) == 0
    assert (tmp_path / "s" / "sub.zip").is_file() and (tmp_path / "s" / "sub.zip.sha256").is_file()
    assert not (tmp_path / "default.zip").exists()
    line = capsys.readouterr().out.strip()
    assert line.startswith("calligan export: 3 PNG files of 32x32 in") and "(validated)" in line

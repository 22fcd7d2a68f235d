from __future__ import annotations

import re

import argparse
import types

import cv2
import numpy as np
import pytest
import torch

from calligan.cli import build_parser
from calligan.commands import generate
from calligan.config.generate import GenerateParams
from calligan.errors import CalliganError
from calligan.gans.registry import build_generator
from calligan.gans.spec import ModelSpec
from calligan.io.npz import save_npz
from calligan.gans.generator_file import save_generator


def _args(*argv: str) -> argparse.Namespace:
    return build_parser((generate.NAME,)).parse_args([generate.NAME, "--no-progress", *argv])


@pytest.fixture
def stage_params(tmp_path):
    spec = ModelSpec(family="dcgan", arch="dcgan", image_size=32, width=8, latent_dim=16)
    torch.manual_seed(0)
    save_generator(tmp_path / "generator.pt", generator=build_generator(spec), spec=spec)
    reference = np.zeros((4, 64, 64), np.uint8)
    for image in reference:
        cv2.circle(image, (32, 32), 14, 255, thickness=5)
    save_npz(tmp_path / "reference_64.npz", {"images": reference})
    return types.SimpleNamespace(
        generate=GenerateParams(
            count=20, batch_size=8, device="cpu", export_size=64, generator_file=str(tmp_path / "generator.pt"),
            reference=str(tmp_path / "reference_64.npz"), out=str(tmp_path / "generated"),
        )
    )


def test_run_writes_the_sets_and_says_where(tmp_path, stage_params, capsys):
    assert generate.run(stage_params, _args("--count", "6", "--out", str(tmp_path / "elsewhere"))) == 0
    with np.load(tmp_path / "elsewhere" / "images.npz") as archive:
        assert archive["images"].shape == (6, 64, 64)
    assert (tmp_path / "elsewhere" / "raw.npz").is_file() and not (tmp_path / "generated").exists()
    written, erased = capsys.readouterr().out.strip().splitlines()[-2:]
    assert written.startswith("calligan generate: 6 images, 32 px drawn, 64 px in") and "bicubic-matched" in written
    assert re.fullmatch(r"calligan generate: erased \d+ specks \(ink components under \d+ px\) from the 64 px images",
                        erased)


def test_bad_flag_value_is_a_calligan_error(stage_params):
    with pytest.raises(CalliganError, match="count must be at least 1"):
        generate.run(stage_params, _args("--count", "0"))

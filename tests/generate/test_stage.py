from __future__ import annotations

import numpy as np
import pytest

from calligan.config.generate import GenerateParams
from calligan.errors import CalliganError
from calligan.generate.stage import generate_images


def _params(tmp_path, generator, **changes) -> GenerateParams:
    settings = {"count": 24, "batch_size": 10, "device": "cpu", "export_size": 64, "out": str(tmp_path / "generated")}
    return GenerateParams(generator=str(generator), **{**settings, **changes})


def _load(path):
    with np.load(path) as archive:
        return {name: archive[name] for name in archive.files}


def test_upscaled_matched_set_is_byte_identical_across_runs(tmp_path, generator_file, reference_npz):
    params = _params(tmp_path, generator_file(family="dcgan", arch="dcgan", image_size=32), reference=str(reference_npz(64)))
    result = generate_images(params, progress=False)
    first = (result.images.read_bytes(), result.raw.read_bytes())
    generate_images(params, progress=False)
    assert (result.images.read_bytes(), result.raw.read_bytes()) == first

    images, raw = _load(result.images), _load(result.raw)
    assert images["images"].shape == (24, 64, 64) and raw["images"].shape == (24, 32, 32)
    assert images["images"].dtype == raw["images"].dtype == np.uint8
    assert set(np.unique(images["images"])) <= {0, 255}  # matched to a binary reference
    assert np.array_equal(images["seeds"], raw["seeds"]) and "labels" not in images
    assert not result.labelled


def test_another_seed_gives_other_images(tmp_path, generator_file, reference_npz):
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32)
    runs = [
        _load(generate_images(_params(tmp_path / str(seed), generator, seed=seed, upscale="bicubic"), progress=False).raw)
        for seed in (0, 1)
    ]
    assert not np.array_equal(runs[0]["images"], runs[1]["images"])


def test_conditional_set_is_class_balanced(tmp_path, generator_file):
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32, conditional=True, num_classes=3)
    result = generate_images(_params(tmp_path, generator, count=30, export_size=32, upscale="none"), progress=False)
    images, raw = _load(result.images), _load(result.raw)
    assert np.bincount(images["labels"]).tolist() == [10, 10, 10] and images["labels"].dtype == np.int64
    assert images["conditional"] and raw["conditional"]  # what scoring needs to take the labels as intended
    assert np.array_equal(images["images"], raw["images"])  # no upscaling: both are the drawn images


def test_infogan_set_carries_the_categorical_code_apart_from_labels(tmp_path, generator_file):
    generator = generator_file(family="infogan", arch="dcgan", image_size=32, n_categorical=4, n_continuous=2)
    result = generate_images(_params(tmp_path, generator, export_size=32, upscale="none"), progress=False)
    arrays = _load(result.images)
    assert not result.labelled and "labels" not in arrays and not arrays["conditional"]  # a code is no class
    assert set(arrays["codes"]) == set(range(4))


def test_resolution_mismatch_fails_before_writing(tmp_path, generator_file):
    params = _params(tmp_path, generator_file(family="dcgan", arch="dcgan", image_size=32), upscale="none")
    with pytest.raises(CalliganError, match="generate.upscale=none"):
        generate_images(params, progress=False)
    assert not (tmp_path / "generated").exists()


def test_missing_inputs_are_clear_errors(tmp_path, generator_file):
    with pytest.raises(CalliganError, match="calligan train"):
        generate_images(_params(tmp_path, tmp_path / "absent.pt"), progress=False)
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32)
    with pytest.raises(CalliganError, match="calligan prepare"):
        generate_images(_params(tmp_path, generator, reference=str(tmp_path / "absent.npz")), progress=False)
    assert not (tmp_path / "generated").exists()


def test_invalid_params_are_refused():
    with pytest.raises(ValueError):
        GenerateParams(count=0)

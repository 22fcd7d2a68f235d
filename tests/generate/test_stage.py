from __future__ import annotations

import numpy as np
import pytest
import torch

from calligan.classifier.checkpoint import load_classifier
from calligan.classifier.fit import predict_proba
from calligan.config.generate import GenerateParams
from calligan.errors import CalliganError
from calligan.generate.sampling import image_seeds, sample_images, settle_at_truncation
from calligan.generate.selection import critic_scores, load_critic
from calligan.generate import stage as generate_stage
from calligan.gans.generator_file import load_generator


def _params(tmp_path, generator, **changes) -> GenerateParams:
    # speck_width 0: most of these tests have no reference to read the stroke width from (see the speck test)
    settings = {"count": 24, "batch_size": 10, "device": "cpu", "export_size": 64, "out": str(tmp_path / "generated"),
                "speck_width": 0.0}
    return GenerateParams(generator_file=str(generator), **{**settings, **changes})


def _load(path):
    with np.load(path) as archive:
        return {name: archive[name] for name in archive.files}


def test_upscaled_matched_set_is_byte_identical_across_runs(tmp_path, generator_file, reference_npz):
    reference = reference_npz(64)
    params = _params(tmp_path, generator_file(family="dcgan", arch="dcgan", image_size=32), reference=str(reference))
    result = generate_stage.run(params, progress=False)
    first = (result.images.read_bytes(), result.raw.read_bytes())
    generate_stage.run(params, progress=False)
    assert (result.images.read_bytes(), result.raw.read_bytes()) == first

    images, raw = _load(result.images), _load(result.raw)
    assert images["images"].shape == (24, 64, 64) and raw["images"].shape == (24, 32, 32)
    assert images["images"].dtype == raw["images"].dtype == np.uint8
    assert set(np.unique(images["images"])) <= set(np.unique(_load(reference)["images"]))  # the reference's levels only
    assert np.array_equal(images["seeds"], raw["seeds"]) and "labels" not in images
    assert not result.labelled


def test_specks_are_erased_from_the_final_images_only(tmp_path, generator_file, reference_npz):
    reference = reference_npz(64)
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32)
    kept = generate_stage.run(_params(tmp_path / "kept", generator, reference=str(reference)), progress=False)
    cleaned = generate_stage.run(_params(tmp_path / "cleaned", generator, reference=str(reference), speck_width=0.5),
                                 progress=False)
    assert cleaned.speck_area_px > 1 and cleaned.specks_erased > 0 and kept.specks_erased == kept.speck_area_px == 0
    before, after = _load(kept.images)["images"], _load(cleaned.images)["images"]
    changed = before != after
    assert changed.any() and not after[changed].any()  # erased pixels become paper; nothing else moves
    assert np.array_equal(_load(kept.raw)["images"], _load(cleaned.raw)["images"])  # raw stays as drawn


def test_another_seed_gives_other_images(tmp_path, generator_file, reference_npz):
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32)
    runs = [
        _load(generate_stage.run(_params(tmp_path / str(seed), generator, seed=seed, upscale="bicubic"), progress=False).raw)
        for seed in (0, 1)
    ]
    assert not np.array_equal(runs[0]["images"], runs[1]["images"])


def test_conditional_set_is_class_balanced(tmp_path, generator_file):
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32, conditional=True, num_classes=3)
    result = generate_stage.run(_params(tmp_path, generator, count=30, export_size=32, upscale="none"), progress=False)
    images, raw = _load(result.images), _load(result.raw)
    assert np.bincount(images["labels"]).tolist() == [10, 10, 10] and images["labels"].dtype == np.int64
    assert images["conditional"] and raw["conditional"]  # what scoring needs to take the labels as intended
    assert np.array_equal(images["images"], raw["images"])  # no upscaling: both are the drawn images


def test_infogan_set_carries_the_categorical_code_apart_from_labels(tmp_path, generator_file):
    generator = generator_file(family="infogan", arch="dcgan", image_size=32, n_categorical=4, n_continuous=2)
    result = generate_stage.run(_params(tmp_path, generator, export_size=32, upscale="none"), progress=False)
    arrays = _load(result.images)
    assert not result.labelled and "labels" not in arrays and not arrays["conditional"]  # a code is no class
    assert set(arrays["codes"]) == set(range(4))


def test_resolution_mismatch_fails_before_writing(tmp_path, generator_file):
    params = _params(tmp_path, generator_file(family="dcgan", arch="dcgan", image_size=32), upscale="none")
    with pytest.raises(CalliganError, match="generate.upscale=none"):
        generate_stage.run(params, progress=False)
    assert not (tmp_path / "generated").exists()


def test_missing_inputs_are_clear_errors(tmp_path, generator_file):
    with pytest.raises(CalliganError, match="calligan train"):
        generate_stage.run(_params(tmp_path, tmp_path / "absent.pt"), progress=False)
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32)
    with pytest.raises(CalliganError, match="calligan prepare"):
        generate_stage.run(_params(tmp_path, generator, reference=str(tmp_path / "absent.npz")), progress=False)
    assert not (tmp_path / "generated").exists()


def test_invalid_params_are_refused():
    with pytest.raises(ValueError):
        GenerateParams(count=0)


CONDITIONAL = {"family": "wgan-gp", "arch": "dcgan", "image_size": 32, "conditional": True, "num_classes": 3}


def _selected(tmp_path, generator, **changes):
    params = _params(tmp_path, generator, **{"count": 30, "export_size": 32, "upscale": "none", "oversample": 2.0,
                                             **changes})
    return params, generate_stage.run(params, progress=False)


def _candidates(params: GenerateParams):
    """Every image the stage drew to choose from, drawn again as the stage draws them."""
    generator, spec = load_generator(params.generator_file)
    generator.to(memory_format=torch.channels_last)
    if params.truncation:
        settle_at_truncation(generator, spec, psi=params.truncation, device=torch.device("cpu"))
    return sample_images(generator, spec, seeds=image_seeds(seed=params.seed, count=60),
                         batch_size=params.batch_size, device=torch.device("cpu"), truncation=params.truncation,
                         progress=False)


def test_critic_selection_keeps_each_classes_best_with_seeds_that_redraw_them(tmp_path, critic_pair):
    generator, checkpoint, family = critic_pair(**CONDITIONAL)
    params, result = _selected(tmp_path, generator, select="critic", critic=str(checkpoint), truncation=1.5)
    kept = _load(result.raw)
    assert result.count == 30 and result.drawn == 60 and kept["images"].shape == (30, 32, 32)
    assert kept["labels"].tolist() == [0, 1, 2] * 10  # the balance (and order) of an unselected set
    candidates = image_seeds(seed=params.seed, count=60)
    assert len(np.unique(kept["seeds"])) == 30 and set(kept["seeds"]) <= set(candidates)

    # Every candidate drawn and scored here: each class kept exactly its ten best.
    drawn = _candidates(params)
    critic = load_critic(checkpoint, spec=family.spec, device=torch.device("cpu"))
    scores = critic_scores(critic, drawn, batch_size=60, device=torch.device("cpu"))
    for label in range(3):
        mine = np.flatnonzero(drawn.labels == label)
        best = mine[np.argsort(-scores[mine])[:10]]
        assert set(drawn.seeds[best]) == set(kept["seeds"][kept["labels"] == label])
    # ... and each kept image is its own seed's and label's draw.
    where = {seed: i for i, seed in enumerate(drawn.seeds)}
    assert np.abs(kept["images"].astype(int) - drawn.images[[where[s] for s in kept["seeds"]]]).max() <= 1

    first = result.raw.read_bytes()
    generate_stage.run(params, progress=False)
    assert result.raw.read_bytes() == first


def test_classifier_selection_keeps_each_classes_most_confident(tmp_path, critic_pair, classifier_file):
    generator, _, _ = critic_pair(**CONDITIONAL)
    classifier = classifier_file(3)
    params, result = _selected(tmp_path, generator, select="classifier", classifier=str(classifier))
    kept = _load(result.raw)
    assert np.bincount(kept["labels"]).tolist() == [10, 10, 10] and len(np.unique(kept["seeds"])) == 30
    drawn = _candidates(params)
    model, _ = load_classifier(classifier)
    confidence = predict_proba(model, drawn.images)[np.arange(60), drawn.labels]
    for label in range(3):
        chosen = np.isin(drawn.seeds, kept["seeds"]) & (drawn.labels == label)
        dropped = ~np.isin(drawn.seeds, kept["seeds"]) & (drawn.labels == label)
        assert confidence[chosen].min() >= confidence[dropped].max()


def test_an_unconditional_model_keeps_the_best_overall(tmp_path, critic_pair):
    generator, checkpoint, _ = critic_pair(family="wgan-gp", arch="dcgan", image_size=32)
    _, result = _selected(tmp_path, generator, select="critic", critic=str(checkpoint), oversample=1.5)
    kept = _load(result.raw)
    assert result.drawn == 45 and len(np.unique(kept["seeds"])) == 30 and "labels" not in kept


def test_the_critic_is_read_only_when_selection_asks_for_it(tmp_path, critic_pair):
    generator, _, family = critic_pair(**CONDITIONAL)
    # The generator file ships G alone: no critic weights unless generate reads the checkpoint.
    payload = torch.load(generator, weights_only=True)
    assert set(payload) == {"spec", "state_dict"}
    assert set(payload["state_dict"]) == set(family.generator.state_dict())
    broken = tmp_path / "broken.pt"
    broken.write_bytes(b"not a checkpoint")
    generate_stage.run(_params(tmp_path, generator, export_size=32, upscale="none", critic=str(broken)), progress=False)
    with pytest.raises(CalliganError, match="training checkpoint.*generate.critic"):
        _selected(tmp_path / "select", generator, select="critic", critic=str(broken))
    assert not (tmp_path / "select").exists()


def test_impossible_selections_fail_before_drawing(tmp_path, critic_pair, classifier_file):
    generator, _, _ = critic_pair(family="wgan-gp", arch="dcgan", image_size=32)
    with pytest.raises(CalliganError, match="unconditional"):
        _selected(tmp_path, generator, select="classifier", classifier=str(classifier_file(3)))
    with pytest.raises(CalliganError, match="calligan train"):
        _selected(tmp_path, generator, select="critic", critic=str(tmp_path / "absent.pt"))
    assert not (tmp_path / "generated").exists()


def test_truncation_changes_the_set_and_stays_byte_identical(tmp_path, generator_file):
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32, conditional=True, num_classes=3)
    shipped = generator.read_bytes()
    runs = [generate_stage.run(_params(tmp_path / str(i), generator, export_size=32, upscale="none", truncation=psi),
                               progress=False).raw.read_bytes()
            for i, psi in enumerate((0.0, 0.5, 0.5))]
    assert runs[0] != runs[1] and runs[1] == runs[2]
    assert generator.read_bytes() == shipped  # settling changed G in memory only


def _unsettled(params: GenerateParams) -> np.ndarray:
    """The raw set as the sampler draws it from the generator file's own statistics."""
    generator, spec = load_generator(params.generator_file)
    generator.to(memory_format=torch.channels_last)
    return sample_images(generator, spec, seeds=image_seeds(seed=params.seed, count=params.count),
                         batch_size=params.batch_size, device=torch.device("cpu"), truncation=params.truncation,
                         progress=False).images


def test_truncation_draws_from_the_generator_settled_at_psi(tmp_path, generator_file):
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32, conditional=True, num_classes=3)
    params = _params(tmp_path, generator, count=60, export_size=32, upscale="none", truncation=0.5)
    drawn = _load(generate_stage.run(params, progress=False).raw)["images"]
    assert np.array_equal(drawn, _candidates(params).images) and not np.array_equal(drawn, _unsettled(params))


def test_without_truncation_the_set_is_drawn_from_the_shipped_statistics(tmp_path, generator_file):
    generator = generator_file(family="dcgan", arch="dcgan", image_size=32, conditional=True, num_classes=3)
    params = _params(tmp_path, generator, export_size=32, upscale="none", truncation=0.0)
    drawn = _load(generate_stage.run(params, progress=False).raw)["images"]
    assert np.array_equal(drawn, _unsettled(params))

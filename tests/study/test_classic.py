import numpy as np
import pytest
import torch

from calligan.classifier.fit import FitRecipe, fit_classifier
from calligan.config.study import StudyParams
from calligan.study.classic import ClassicAugment

from tests.study.conftest import draw

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def _batch(n: int = 12) -> torch.Tensor:
    rng = np.random.default_rng(0)
    return torch.from_numpy(np.stack([draw(i % 3, rng=rng) for i in range(n)]))


def _augment(seed: int = 0, **changes) -> ClassicAugment:
    return ClassicAugment.from_params(StudyParams(classic_group=4, **changes), seed=seed)


def test_warps_every_image_in_place_keeping_shape_dtype_and_order():
    batch = _batch()
    warped = _augment()(batch)
    assert warped.shape == batch.shape and warped.dtype == torch.uint8
    assert all(not torch.equal(a, b) for a, b in zip(warped, batch))
    # Image i is still image i, so the labels (indexed apart from the images) still fit: pages of one grey
    # each keep their own grey in the middle, where no small warp brings in the border.
    greys = torch.arange(10, 250, 20, dtype=torch.uint8)
    pages = greys[:, None, None].expand(len(greys), 32, 32).contiguous()
    assert torch.equal(_augment()(pages)[:, 16, 16], greys)


def test_seeded_and_apart_from_the_global_rng():
    batch = _batch()
    torch.manual_seed(5)
    before = torch.get_rng_state()
    first = _augment(seed=1)
    a, a_next = first(batch), first(batch)
    assert torch.equal(torch.get_rng_state(), before)  # dropout and batch order see no difference
    second = _augment(seed=1)
    assert torch.equal(second(batch), a) and torch.equal(second(batch), a_next)  # same seed, same stream
    assert not torch.equal(a, a_next)  # the stream moves on: every batch gets new warps
    assert not torch.equal(_augment(seed=2)(batch), a)


def test_no_strength_is_no_warp():
    batch = _batch()
    off = _augment(rotation=0.0, translate=0.0, scale=(1.0, 1.0), shear=0.0, elastic_alpha=0.0)
    assert torch.equal(off(batch), batch)


def test_a_fit_with_an_augmentation_that_changes_nothing_is_the_fit_without_one():
    images = _batch(24).numpy()
    labels = np.arange(24) % 3
    recipe = FitRecipe(width=4, input_size=16, epochs=1, batch_size=8, lr=1e-2, weight_decay=0.0, seed=0)
    seen = []

    def identity(batch: torch.Tensor) -> torch.Tensor:
        seen.append(len(batch))
        return batch

    plain = fit_classifier(images=images, labels=labels, n_classes=3, recipe=recipe, steps=4)
    hooked = fit_classifier(images=images, labels=labels, n_classes=3, recipe=recipe, steps=4, augment=identity)
    assert seen == [8, 8, 8, 8]  # once per optimiser step, on the batch
    for (name, a), b in zip(plain.state_dict().items(), hooked.state_dict().values()):
        assert torch.equal(a, b), name

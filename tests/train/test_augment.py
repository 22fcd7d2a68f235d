"""DiffAugment ops and ADA's controller: identity at p = 0, differentiable, seeded, glyph-safe."""

import pytest
import torch

from calligan.gans.registry import build_family
from calligan.gans.spec import ModelSpec
from calligan.train.augment import ADA_INTERVAL, ADA_SPEED_IMAGES, BACKGROUND, OPS, Augmenter, check_policy, diff_augment
from tests.engine import training_step


def _glyphs(batch=6, size=32, seed=0):
    """Background -1 with a few bright strokes, like the training images."""
    g = torch.Generator().manual_seed(seed)
    x = torch.full((batch, 1, size, size), BACKGROUND)
    for i in range(batch):
        r, c = torch.randint(6, size - 10, (2,), generator=g).tolist()
        x[i, 0, r:r + 3, c:c + 8] = 1.0
        x[i, 0, r:r + 8, c + 3:c + 5] = 1.0
    return x


def _seeded(seed):
    return torch.Generator().manual_seed(seed)


@pytest.mark.parametrize("op", OPS)
def test_p_zero_is_the_identity(op):
    x = _glyphs()
    assert torch.equal(diff_augment(x, policy=[op], p=0.0, rng=_seeded(1)), x)


def test_p_zero_is_the_identity_for_the_whole_policy_and_the_augmenter():
    x = _glyphs()
    augmenter = Augmenter(policy=OPS, p=0.0, target=0.6, batch=8, rng=_seeded(1), device=torch.device("cpu"))
    assert torch.equal(augmenter(x), x)
    assert torch.equal(diff_augment(x, policy=OPS, p=torch.tensor(0.0), rng=_seeded(1)), x)


@pytest.mark.parametrize("op", OPS)
def test_every_op_changes_images_keeps_shape_and_is_seeded(op):
    x = _glyphs()
    a = diff_augment(x, policy=[op], p=1.0, rng=_seeded(3))
    b = diff_augment(x, policy=[op], p=1.0, rng=_seeded(3))
    c = diff_augment(x, policy=[op], p=1.0, rng=_seeded(4))
    assert a.shape == x.shape and a.dtype == x.dtype
    assert torch.equal(a, b)
    assert not torch.equal(a, c)
    assert not torch.equal(a, x)


@pytest.mark.parametrize("op", OPS)
def test_gradients_reach_the_generator_through_every_op(op):
    generator = torch.nn.Sequential(torch.nn.Linear(4, 32 * 32), torch.nn.Tanh(), torch.nn.Unflatten(1, (1, 32, 32)))
    images = generator(torch.randn(5, 4, generator=_seeded(0)))
    weights = torch.linspace(-1, 1, 32 * 32).view(1, 1, 32, 32)  # a fixed linear "critic"
    (diff_augment(images, policy=[op], p=1.0, rng=_seeded(2)) * weights).sum().backward()
    grad = generator[0].weight.grad
    assert grad is not None and grad.abs().sum() > 0


def test_translation_moves_ink_by_whole_pixels_within_an_eighth_and_pads_with_background():
    x = torch.full((64, 1, 32, 32), BACKGROUND)
    x[:, 0, 16, 16] = 1.0
    out = diff_augment(x, policy=["translation"], p=1.0, rng=_seeded(0))
    assert set(out.unique().tolist()) <= {BACKGROUND, 1.0}  # integer shifts, no interpolation
    positions = (out[:, 0] == 1.0).nonzero()[:, 1:]
    assert len(positions) == 64  # the dot stays inside: it moves at most 4 px
    assert (positions - 16).abs().max() <= 4
    assert len({tuple(p) for p in positions.tolist()}) > 10


def test_cutout_blanks_a_square_of_half_the_side_to_background():
    x = torch.ones(32, 1, 16, 16)
    out = diff_augment(x, policy=["cutout"], p=1.0, rng=_seeded(0))
    blanked = (out == BACKGROUND).sum(dim=(1, 2, 3))
    assert blanked.max() == 8 * 8  # a whole square when it lies inside
    assert (blanked > 0).all()  # its centre is always on the image
    assert set(out.unique().tolist()) <= {BACKGROUND, 1.0}


def test_brightness_and_contrast_are_per_image_and_within_diffaugment_ranges():
    x = _glyphs(batch=32)
    shifted = diff_augment(x, policy=["brightness"], p=1.0, rng=_seeded(0)) - x
    per_image = shifted.flatten(1)
    assert torch.allclose(per_image, per_image[:, :1].expand_as(per_image))  # one offset per image
    assert per_image.abs().max() <= 0.5
    scaled = diff_augment(x, policy=["contrast"], p=1.0, rng=_seeded(0))
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    factor = ((scaled - mean) / (x - mean)).flatten(1)[:, 0]
    assert factor.min() >= 0.5 and factor.max() <= 1.5


def test_channels_last_input_gives_the_same_values():
    x = _glyphs()
    plain = diff_augment(x, policy=OPS, p=0.5, rng=_seeded(5))
    last = diff_augment(x.contiguous(memory_format=torch.channels_last), policy=OPS, p=0.5, rng=_seeded(5))
    assert torch.equal(plain, last)


def test_flips_and_rotations_are_refused():
    for op in ("flip", "rotate", "color"):
        with pytest.raises(ValueError, match="mirrored character"):
            check_policy([op])


def test_ada_raises_p_while_d_overfits_and_lowers_it_to_zero_otherwise():
    augmenter = Augmenter(policy=OPS, p="auto", target=0.6, batch=100, rng=None, device=torch.device("cpu"))
    step = 100 * ADA_INTERVAL / ADA_SPEED_IMAGES
    assert augmenter.p.item() == 0.0
    for _ in range(3 * ADA_INTERVAL):
        augmenter.observe(torch.tensor(0.9))
    assert augmenter.p.item() == pytest.approx(3 * step)
    for _ in range(ADA_INTERVAL - 1):
        augmenter.observe(torch.tensor(0.0))
    assert augmenter.p.item() == pytest.approx(3 * step)  # moves only every ADA_INTERVAL steps
    for _ in range(10 * ADA_INTERVAL + 1):
        augmenter.observe(torch.tensor(0.0))
    assert augmenter.p.item() == 0.0  # clamped at 0


def test_ada_state_round_trips_p_and_the_signs_pending_for_the_next_update():
    make = lambda: Augmenter(policy=OPS, p="auto", target=0.6, batch=100, rng=None,  # noqa: E731
                             device=torch.device("cpu"))
    step = 100 * ADA_INTERVAL / ADA_SPEED_IMAGES
    a = make()
    for _ in range(ADA_INTERVAL + 2):  # one update, and two signs pending
        a.observe(torch.tensor(1.0))
    b = make()
    b.load_state_dict(a.state_dict())
    for augmenter in (a, b):
        for _ in range(ADA_INTERVAL - 2):  # with the two pending, the second update falls due
            augmenter.observe(torch.tensor(1.0))
    assert a.p.item() == pytest.approx(2 * step) and 2 * step < 1  # p far from its clamp: a lost p or lost signs show
    assert b.p.item() == a.p.item()


@pytest.mark.parametrize("family_name", ["dcgan", "wgan-gp", "infogan"])
def test_every_image_d_sees_goes_through_the_augmentation(family_name, one_torch_thread):
    codes = {"n_categorical": 3, "n_continuous": 1} if family_name == "infogan" else {}
    family = build_family(ModelSpec(family=family_name, arch="dcgan", image_size=32, width=8, **codes))
    seen = []

    def record(images):
        seen.append(images.shape[0])
        return images

    step = training_step(family, augmenter=record)
    step.update_discriminator(_glyphs(batch=4), None, family.sample_latent(4))
    penalty = 1 if family_name == "wgan-gp" else 0  # D(T(x_hat)) for the gradient penalty
    assert len(seen) == 2 + penalty
    seen.clear()
    step.update_generator(family.sample_latent(4))
    assert seen == [4]  # InfoGAN's Q reads the un-augmented fakes in a pass of its own


def test_an_unknown_op_in_params_is_one_clear_error_listing_the_valid_ones():
    from calligan.config import load_params
    from calligan.errors import CalliganError

    with pytest.raises(CalliganError, match="train.augment\\[0\\]: 'flip' is not one of 'translation', 'cutout'"):
        load_params(None, ["train.augment=[flip]"])

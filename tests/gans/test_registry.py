from __future__ import annotations

import typing

import pytest
import torch

from calligan.config.train import Arch, Family, TrainParams
from calligan.gans.bce import InfoganSettings
from calligan.gans.registry import FAMILIES, build_family, build_generator, family_class, statistics
from calligan.gans.spec import ModelSpec
from calligan.gans.wasserstein import WganGpSettings, WganSettings


def test_the_config_offers_exactly_the_families_and_their_archs() -> None:
    assert typing.get_args(Family) == tuple(FAMILIES)
    assert set(typing.get_args(Arch)) == {arch for family in FAMILIES.values() for arch in family.archs}


def test_each_family_is_listed_under_its_own_name() -> None:
    assert all(family.name == name for name, family in FAMILIES.items())


def test_each_family_reads_its_own_loss_settings_from_the_train_group() -> None:
    params = TrainParams(gp_weight=5.0, recon_weight=0.5, clip_value=0.02, info_categorical_weight=0.5,
                         info_continuous_weight=0.3)
    settings = {name: build_family(ModelSpec(name, None, 32, width=8), params).settings for name in FAMILIES}
    assert settings["wgan-gp"] == WganGpSettings(gp_weight=5.0, recon_weight=0.5)
    assert settings["wgan"] == WganSettings(clip_value=0.02)
    assert settings["infogan"] == InfoganSettings(info_categorical_weight=0.5, info_continuous_weight=0.3)
    assert all(type(settings[name]) is FAMILIES[name].Settings for name in FAMILIES)


def test_without_params_the_settings_are_the_train_groups_defaults() -> None:
    defaults = TrainParams()
    assert build_family(ModelSpec("wgan-gp", "dcgan", 32, width=8)).settings.gp_weight == defaults.gp_weight


def test_statistics_list_each_name_once_and_the_progress_bar_shows_only_logged_ones() -> None:
    names = statistics()
    assert len(names) == len(set(names)) and set(names) == {n for f in FAMILIES.values() for n in f.statistics}
    for family in FAMILIES.values():
        assert set(family.progress) <= set(family.statistics), family.name
        assert {"d_loss", "g_loss", "ada_r_t"} <= set(family.statistics), family.name  # what the engine reads


def test_build_generator_rebuilds_g_from_the_spec_alone() -> None:
    spec = ModelSpec("wgan-gp", "resnet", 32, width=8, conditional=True, num_classes=4)
    family = build_family(spec)
    generator = build_generator(spec)
    generator.load_state_dict(family.generator.state_dict())
    family.generator.eval(), generator.eval()
    z, labels = torch.randn(2, spec.generator_input_dim), torch.tensor([1, 3])
    assert torch.equal(generator(z, labels), family.generator(z, labels))


def test_unknown_family_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="wgan-gp"):
        family_class("began")

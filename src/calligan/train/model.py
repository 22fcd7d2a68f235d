"""From `train:` params and the data to a ModelSpec and a GanFamily."""

from __future__ import annotations

from calligan.config.train import TrainParams
from calligan.errors import CalliganError
from calligan.gans.registry import build_family, family_class
from calligan.gans.spec import ModelSpec


def conditional(params: TrainParams, *, num_classes: int) -> bool:
    """`train.conditional` resolved: auto means labels whenever there are several classes and the
    family takes them (the labels are free supervision a small dataset should not throw away)."""
    if params.conditional == "auto":
        return num_classes > 1 and family_class(params.model).takes_labels
    return params.conditional


def model_spec(params: TrainParams, *, image_size: int, num_classes: int) -> ModelSpec:
    """The spec of `params`; what they leave as None, ModelSpec takes from the family."""
    try:
        return ModelSpec(
            family=params.model,
            arch=params.arch,
            image_size=image_size,
            width=params.width,
            latent_dim=params.latent_dim,
            num_classes=num_classes,
            conditional=conditional(params, num_classes=num_classes),
            n_categorical=params.n_categorical,
            n_continuous=params.n_continuous,
        )
    except ValueError as exc:
        raise CalliganError(f"train: {exc}") from None


def make_family(spec: ModelSpec, params: TrainParams):
    """The family with its loss settings read from `params`."""
    try:
        return build_family(spec, params)
    except ValueError as exc:
        raise CalliganError(f"train: {exc}") from None

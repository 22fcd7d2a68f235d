"""From `train:` params and the data to a ModelSpec and a GanFamily."""

from __future__ import annotations

from calligan.config.train import TrainParams
from calligan.errors import CalliganError
from calligan.gans.registry import build_family, loss_kwarg_names
from calligan.gans.spec import CONDITIONAL_FAMILIES, ModelSpec


def conditional(params: TrainParams, *, num_classes: int) -> bool:
    """`train.conditional` resolved: auto means labels whenever there are several classes and the
    family takes them (the labels are free supervision a small dataset should not throw away)."""
    if params.conditional == "auto":
        return num_classes > 1 and params.model in CONDITIONAL_FAMILIES
    return params.conditional


def model_spec(params: TrainParams, *, image_size: int, num_classes: int) -> ModelSpec:
    infogan = params.model == "infogan"
    try:
        return ModelSpec(
            family=params.model,
            arch=params.arch or ("mlp" if params.model == "gan" else "dcgan"),
            image_size=image_size,
            width=params.width,
            latent_dim=params.latent_dim if params.latent_dim is not None else (62 if infogan else 100),
            num_classes=num_classes,
            conditional=conditional(params, num_classes=num_classes),
            n_categorical=params.n_categorical if params.n_categorical is not None else (10 if infogan else 0),
            n_continuous=params.n_continuous if params.n_continuous is not None else (2 if infogan else 0),
        )
    except ValueError as exc:
        raise CalliganError(f"train: {exc}") from None


def make_family(spec: ModelSpec, params: TrainParams):
    """The family with the loss settings its constructor accepts (others do not apply to it)."""
    kwargs = {name: getattr(params, name) for name in loss_kwarg_names(spec.family)}
    try:
        return build_family(spec, **kwargs)
    except ValueError as exc:
        raise CalliganError(f"train: {exc}") from None

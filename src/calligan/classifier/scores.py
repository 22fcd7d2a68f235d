"""All classifier-based scores of a set of generated images, as one dict of numbers with counts: from the
files (`score_generated`, what evaluate calls) or from the arrays (`classifier_scores`)."""

from __future__ import annotations

import os

import numpy as np

from calligan.classifier.agreement import code_class_agreement
from calligan.classifier.augment import augmentation_gain
from calligan.classifier.cas import classification_accuracy_score
from calligan.classifier.checkpoint import load_classifier, recorded_split
from calligan.classifier.coverage import coverage_stats
from calligan.classifier.fit import FitRecipe, accuracy, predict_proba
from calligan.classifier.net import SmallCNN
from calligan.classifier.plot import plot_class_counts
from calligan.config.classifier import ClassifierParams
from calligan.device import resolve_device
from calligan.errors import CalliganError
from calligan.io.images import load_image_pack


def score_generated(
    *,
    params: ClassifierParams,
    generated: str | os.PathLike,
    classes_plot: str | os.PathLike | None = None,
    train_classifiers: bool = True,
) -> dict:
    """`classifier_scores` of the images in `generated` against the classifier's recorded real split.

    The generated file's `labels`, when present, are the intended labels of a class-conditional
    generator, which the file must record (`conditional`, written by `calligan generate`); its `codes`
    (InfoGAN's categorical code) are scored for agreement with the predicted classes.
    classes_plot: also draw the predicted-class counts there (e.g. reports/classes.png).
    train_classifiers: see `classifier_scores`.
    """
    device = resolve_device(params.device, setting="classifier.device")
    model, payload = load_classifier(params.model, device=device)
    real = load_image_pack(params.data, what="prepared dataset", fix="run `calligan prepare`")
    fake = load_image_pack(generated, what="generated images", fix="run `calligan generate`")
    if "labels" in fake and not bool(fake.get("conditional", False)):
        raise CalliganError(
            f"{generated}: has `labels` but does not record a class-conditional generator (`conditional`); only such "
            "a model's labels are intended classes: re-run `calligan generate` with a conditional model, or drop `labels`"
        )
    train_idx, test_idx = recorded_split(payload, real["labels"])
    probs = predict_proba(model, fake["images"])
    if classes_plot is not None:
        counts = np.bincount(probs.argmax(axis=1), minlength=len(payload["classes"]))
        plot_class_counts(classes_plot, counts=counts, min_count=params.min_count)
    return classifier_scores(
        model,
        fake["images"],
        probs,
        fake.get("labels"),
        (real["images"][train_idx], real["labels"][train_idx]),
        (real["images"][test_idx], real["labels"][test_idx]),
        recipe=payload["recipe"],
        min_count=params.min_count,
        confidence=params.confidence,
        augment_k=params.augment_k,
        augment_epochs=params.augment_epochs,
        device=device,
        generated_codes=fake.get("codes"),
        train_classifiers=train_classifiers,
    )


def classifier_scores(
    classifier: SmallCNN,
    generated_images: np.ndarray,
    generated_probs: np.ndarray,
    generated_labels: np.ndarray | None,
    real_train: tuple[np.ndarray, np.ndarray],
    real_test: tuple[np.ndarray, np.ndarray],
    *,
    recipe: FitRecipe,
    min_count: int,
    confidence: float,
    augment_k: int,
    augment_epochs: int,
    device: str = "cpu",
    generated_codes: np.ndarray | None = None,
    train_classifiers: bool = True,
) -> dict:
    """Class coverage, conditional accuracy, CAS and the augmentation upper bound of `generated_images` (uint8 N,H,W).

    classifier: the real-data classifier; generated_probs: its `predict_proba` of `generated_images`
    (computed once by the caller, who may also plot it); generated_labels: the intended labels of a
    conditional model, or None; real_train / real_test: (images, labels) of the classifier's recorded split;
    recipe: how the CAS and augmentation classifiers are trained (the real classifier's own);
    min_count, confidence: see `coverage_stats`; augment_k, augment_epochs: see `augmentation_gain`.
    Without intended labels, CAS is skipped and the augmentation uses the classifier's confident
    pseudo-labels; `augmentation_upper_bound.label_source` says which. generated_codes: InfoGAN's
    categorical code per image, scored as `code_agreement` (never as labels). train_classifiers: False
    leaves out CAS and the augmentation upper bound, the two scores that train classifiers of their own
    (minutes on a CPU), and keeps what the real classifier alone reads off the images.
    The augmentation gain is an upper bound, named so: the generator learned every training image, the
    k per class of the small arm included, so its images carry more than k real images' worth of each
    class. Whether a generator trained on the k images alone helps is the augmentation study's question
    (studies/augmentation/dvc.yaml).
    """
    n_classes = classifier.head[-1].out_features
    predicted = generated_probs.argmax(axis=1)
    scores: dict = {
        "real_test": {"test_accuracy": accuracy(classifier, *real_test), "n_images": int(len(real_test[1]))},
        "predicted_classes": coverage_stats(generated_probs, min_count=min_count, confidence=confidence),
    }
    if generated_codes is not None:
        scores["code_agreement"] = code_class_agreement(generated_codes, predicted)
    shared = {"real_test": real_test, "n_classes": n_classes, "recipe": recipe, "device": device}
    if generated_labels is not None:
        labels = np.asarray(generated_labels, dtype=np.int64)
        scores["conditional"] = {"conditional_accuracy": float((predicted == labels).mean()), "n_images": int(len(labels))}
    if not train_classifiers:
        return scores
    if generated_labels is not None:
        scores["cas"] = classification_accuracy_score(
            generated_images=generated_images, generated_labels=labels, **shared
        )
        pool, pool_labels, source = generated_images, labels, "intended"
    else:
        sure = generated_probs.max(axis=1) >= confidence
        pool, pool_labels, source = generated_images[sure], predicted[sure], "pseudo"
    gain = augmentation_gain(
        real_train=real_train,
        generated_images=pool,
        generated_labels=pool_labels,
        k=augment_k,
        epochs=augment_epochs,
        **shared,
    )
    scores["augmentation_upper_bound"] = {"label_source": source, **gain}
    return scores

"""What each number in metrics.json measures and which way is better, in one line each.

Keys are "group.name" where a name means different things in different groups, else the name alone.
"""

from __future__ import annotations

from typing import NamedTuple


class Meaning(NamedTuple):
    text: str  # what the number measures, for a reader who has not read the code
    better: str  # "lower", "higher", "closer to real", or "" for counts and settings


_COUNT = ""
_GLOSSARY = {
    # Inception-feature distances
    "fid": Meaning("Fréchet distance between Inception features of real and generated images", "lower"),
    "fid_floor": Meaning("the same distance between two sets of real images: what a perfect generator scores", "lower"),
    "fid_floor.count": Meaning("real images on each side of the floor (the FID's N, or half of it when the data has no N more)", _COUNT),
    "kid": Meaning("kernel Inception distance (unbiased; less sample-size bias than FID)", "lower"),
    "kid_mean": Meaning("kernel Inception distance, mean over random subsets", "lower"),
    "kid_std": Meaning("spread of KID over those subsets", "lower"),
    "subset_size": Meaning("images per KID subset", _COUNT),
    "subsets": Meaning("KID subsets drawn", _COUNT),
    "precision": Meaning("share of generated images that fall inside the real data's manifold (fidelity)", "higher"),
    "recall": Meaning("share of real images inside the generated manifold (diversity)", "higher"),
    "density": Meaning("how many real neighbourhoods hold each generated image, about 1 for real data", "higher"),
    "prdc_coverage": Meaning("share of real images with a generated image among their k neighbours (diversity)", "higher"),
    "k": Meaning("neighbours that define a manifold's local radius", _COUNT),
    # pixel-space checks
    "ssim_fake": Meaning("mean SSIM of random pairs of generated images; far above the real value is mode collapse", "closer to real"),
    "ssim_real": Meaning("mean SSIM of random pairs of real images: the reference for ssim_fake", _COUNT),
    "pairs": Meaning("random pairs compared", _COUNT),
    "near_duplicate_rate": Meaning("share of generated images with a near copy inside the generated set", "lower"),
    "near_duplicate_rate_real": Meaning("the same share inside an equally large real subset: the reference", _COUNT),
    "memorisation_rate": Meaning("share of generated images that are near copies of a training image", "lower"),
    "nearest_train_rms_mean": Meaning("mean RMS pixel distance (0-1) from a generated image to its nearest training image", "higher"),
    "rule": Meaning("what counts as a copy", _COUNT),
    # glyph structure (each beside the same figure on real images)
    "speck_area_px": Meaning("components smaller than this (px) are specks: the real components' 1st percentile", _COUNT),
    "wide_stroke_px": Meaning("strokes wider than this (px) are over-wide: the real widths' 99th percentile", _COUNT),
    "glyphs.rule": Meaning("the levels and thresholds behind the stroke figures", _COUNT),
    "generated": Meaning("the figure on the generated images", "closer to real"),
    "real": Meaning("the same figure on real images: what normal is", _COUNT),
    "count.generated": Meaning("generated images measured", _COUNT),
    "count.real": Meaning("real images measured", _COUNT),
    "wasserstein_px": Meaning("1-Wasserstein distance between generated and real stroke widths, px", "lower"),
    "per_class_abs_diff": Meaning("mean over characters of |generated - real| components per glyph", "lower"),
    # classifier scores
    "test_accuracy": Meaning("the real-data classifier on its real test images: the ceiling for the scores below", "higher"),
    "conditional_accuracy": Meaning("generated images the classifier reads as the character they were drawn for", "higher"),
    "cas_accuracy": Meaning("classification accuracy score: a classifier trained on generated images, tested on real ones", "higher"),
    "class_coverage": Meaning("classes the classifier predicts at least min_count times among the generated images", "higher"),
    "confident_share": Meaning("generated images the classifier reads with at least the confidence threshold", "higher"),
    "confident_class_coverage": Meaning("classes covered by confident predictions only", "higher"),
    "entropy_normalised": Meaning("entropy of the predicted classes, 1 = every class equally often", "higher"),
    "effective_classes": Meaning("exp(entropy): how many equally frequent classes the predictions amount to", "higher"),
    "confidence": Meaning("probability a prediction needs to count as confident", _COUNT),
    "min_count": Meaning("predictions a class needs to count as covered", _COUNT),
    "label_source": Meaning("intended = the conditional labels; pseudo = the classifier's confident guesses", _COUNT),
    "real_only_accuracy": Meaning("test accuracy of a classifier trained on the real subset alone", _COUNT),
    "real_plus_generated_accuracy": Meaning("the same classifier trained on the real subset plus generated images, "
                                            "from a generator trained on every training image", "higher"),
    "accuracy_gain": Meaning(
        "what the generated images add to a small real set; uses a generator trained on every training image: an "
        "upper bound, not the few-shot answer; see the augmentation study", "higher"),
    "steps": Meaning("training steps of each augmentation classifier", _COUNT),
    "agreement": Meaning("InfoGAN: share of images whose code maps to the class the classifier sees", "higher"),
    "n_codes": Meaning("InfoGAN categorical code values used", _COUNT),
    "distinct_classes": Meaning("different classes the codes map to; fewer than the codes means codes share a class", "higher"),
    "mapping": Meaning("InfoGAN code value -> the class it draws most often", _COUNT),
    # counts and settings
    "image_size": Meaning("side of the scored images, px", _COUNT),
    "real_count": Meaning("real images used", _COUNT),
    "fake_count": Meaning("generated images used", _COUNT),
    "train_count": Meaning("training images searched", _COUNT),
    "generated_count": Meaning("generated images in the set", _COUNT),
    "scored_fake_count": Meaning("generated images through Inception", _COUNT),
    "scored_real_count": Meaning("real images through Inception", _COUNT),
    "n_images": Meaning("images scored", _COUNT),
    "n_classes": Meaning("classes the classifier knows", _COUNT),
    "n_train": Meaning("training images", _COUNT),
    "n_test": Meaning("real test images of the classifier", _COUNT),
    "k_per_class": Meaning("real images per class in the small training set", _COUNT),
    "n_real": Meaning("real images in the small training set", _COUNT),
    "n_generated": Meaning("generated images added to it", _COUNT),
    # classifier.json
    "chance_accuracy": Meaning("accuracy of guessing the most frequent class", _COUNT),
    "test_fraction": Meaning("share of the real data held out for testing", _COUNT),
    "seed": Meaning("seed of the split and the training", _COUNT),
    "device": Meaning("where the Inception network ran", _COUNT),
    "reference": Meaning("the real images scored against: heldout = never trained on; train = the training images", _COUNT),
    "fid_train": Meaning("FID against the training images, beside the held-out one: a gap far above the floors' is memorisation", "lower"),
    "fid_train_floor": Meaning("the training images' own real-vs-real floor at that N", "lower"),
    "note": Meaning("which samples the Inception metrics used", _COUNT),
}


def meaning(path: tuple[str, ...]) -> Meaning | None:
    """The meaning of the value at `path` in metrics.json, e.g. ("export", "prdc", "prdc_coverage")."""
    if len(path) >= 2 and f"{path[-2]}.{path[-1]}" in _GLOSSARY:
        return _GLOSSARY[f"{path[-2]}.{path[-1]}"]
    return _GLOSSARY.get(path[-1])

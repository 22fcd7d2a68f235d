import imageio.v3 as iio
import numpy as np

from calligan.classifier.checkpoint import save_classifier
from calligan.classifier.stage import recipe_of, score_generated
from calligan.config.classifier import ClassifierParams
from calligan.io.npz import save_npz


def test_score_generated_reads_the_recorded_split(tmp_path, trained, shapes, recipe):
    params = ClassifierParams(
        data=str(tmp_path / "dataset.npz"), model=str(tmp_path / "classifier.pt"), device="cpu",
        augment_k=2, augment_epochs=1, **{f: getattr(recipe, f) for f in ("width", "input_size", "epochs", "batch_size", "lr", "weight_decay", "seed")},
    )
    assert recipe_of(params) == recipe
    save_npz(params.data, {"images": shapes["images"], "labels": shapes["labels"], "classes": np.array(list("abcde"))})
    save_classifier(
        params.model, model=trained, recipe=recipe, classes=list("abcde"),
        test_indices=shapes["test_idx"], test_fraction=0.2, labels=shapes["labels"],
    )
    save_npz(tmp_path / "generated.npz", {"images": shapes["test"][0]})
    scores = score_generated(params=params, generated=tmp_path / "generated.npz", classes_plot=tmp_path / "classes.png")
    assert iio.imread(tmp_path / "classes.png").ndim == 3
    assert scores["coverage"]["n_images"] == len(shapes["test"][1])
    assert scores["real_test"]["n_images"] == len(shapes["test_idx"])
    assert scores["augmentation"]["label_source"] == "pseudo"

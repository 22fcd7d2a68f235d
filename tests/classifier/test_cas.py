from calligan.classifier.cas import classification_accuracy_score


def test_real_images_as_generated_teach_the_classes(shapes, recipe):
    score = classification_accuracy_score(
        generated_images=shapes["train"][0], generated_labels=shapes["train"][1],
        real_test=shapes["test"], n_classes=shapes["n_classes"], recipe=recipe,
    )
    assert score["cas_accuracy"] >= 0.9
    assert (score["n_train"], score["n_test"]) == (len(shapes["train"][1]), len(shapes["test"][1]))


def test_shuffled_labels_teach_nothing(shapes, recipe):
    images, labels = shapes["train"]
    score = classification_accuracy_score(
        generated_images=images, generated_labels=(labels + 1) % shapes["n_classes"],
        real_test=shapes["test"], n_classes=shapes["n_classes"], recipe=recipe,
    )
    assert score["cas_accuracy"] <= 0.2

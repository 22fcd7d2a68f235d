import imageio.v3 as iio
import numpy as np

from calligan.classifier.plot import plot_class_counts


def test_writes_a_png_and_nothing_else(tmp_path):
    plot_class_counts(tmp_path / "classes.png", counts=np.array([5, 0, 12, 3]), min_count=2)
    assert [p.name for p in tmp_path.iterdir()] == ["classes.png"]
    assert iio.imread(tmp_path / "classes.png").shape[2] in (3, 4)

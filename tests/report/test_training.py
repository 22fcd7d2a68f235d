import imageio.v3 as iio
import numpy as np

from calligan.report.training import find_figures, training_figures


def test_every_traversal_in_natural_order_and_missing_figures_noted(tmp_path):
    for name in ("traversal_c10.png", "traversal_c2.png", "losses.png"):
        iio.imwrite(tmp_path / name, np.zeros((4, 4), np.uint8))
    found = {spec.pattern: [p.name for p in paths] for spec, paths in find_figures(tmp_path)}
    assert found["traversal*.png"] == ["traversal_c2.png", "traversal_c10.png"]
    assert found["fid.png"] == [] and found["losses.png"] == ["losses.png"]
    html = training_figures(tmp_path)
    assert html.count("<img ") == 3 and html.count("Not available") == 2
    assert 'class="enlarged"' in html  # traversals are small: drawn larger

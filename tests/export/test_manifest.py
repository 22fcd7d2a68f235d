from __future__ import annotations

import io

import numpy as np
import pandas as pd

from calligan.export.manifest import manifest_csv, png_names


def test_names_are_padded_and_sort_in_order():
    assert png_names(3) == ["00001.png", "00002.png", "00003.png"]
    names = png_names(100000)
    assert names[-1] == "100000.png" and names == sorted(names)


def test_manifest_lists_labels_and_seeds_when_known():
    names = png_names(2)
    table = pd.read_csv(io.BytesIO(manifest_csv(names=names, labels=np.array([4, 1]), codes=None,
                                                 seeds=np.array([9, 8]))))
    assert table.to_dict("list") == {"file": names, "label": [4, 1], "seed": [9, 8]}
    infogan = pd.read_csv(io.BytesIO(manifest_csv(names=names, labels=None, codes=np.array([2, 0]), seeds=None)))
    assert infogan.to_dict("list") == {"file": names, "code": [2, 0]}  # a latent code is no label
    bare = manifest_csv(names=names, labels=None, codes=None, seeds=None)
    assert bare == b"file\n00001.png\n00002.png\n"

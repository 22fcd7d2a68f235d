"""Pack what `scripts/gpu_run.sh` needs beyond the working tree into `.gpu/` (git-ignored), for the
device tool's `carry`: the training and held-out sets the GPU preset trains on (params-gpu.yaml's
`train.data` and `train.heldout`: prepare's 128 px copies, 290 MB of glyphs that deflate to about 34),
and the classifier that scores generated images while the run trains.

    PYTHONPATH=src .venv/bin/python scripts/gpu_pack.py      # after `dvc repro classifier` (or the stages)

The device tool carries at most 64 MiB with the working tree, so the pack is refused beyond PACK_LIMIT.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np

from calligan.config import load_params
from calligan.io.npz import save_npz

PACK_LIMIT = 60 * 2**20  # the tool's 64 MiB less room for the working tree (about 1 MB)


def main() -> None:
    preset = load_params("params-gpu.yaml").train
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=Path(preset.data), help="the images the preset trains on")
    parser.add_argument("--heldout", type=Path, default=Path(preset.heldout),
                        help="the held-out images at the preset's training size")
    parser.add_argument("--classifier", type=Path, default=Path("models/classifier.pt"), help="the classifier stage's")
    parser.add_argument("--out", type=Path, default=Path(".gpu"), help="the folder to carry")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for source, packed_name in ((args.dataset, "dataset.npz"), (args.heldout, "heldout.npz")):
        with np.load(source, allow_pickle=False) as packed:
            save_npz(args.out / packed_name, {name: packed[name] for name in packed.files}, compress=True)
    shutil.copyfile(args.classifier, args.out / "classifier.pt")
    sizes = {path.name: path.stat().st_size for path in sorted(args.out.iterdir()) if path.is_file()}
    for name, size in sizes.items():
        print(f"{args.out / name}: {size / 2**20:.1f} MiB")
    if sum(sizes.values()) > PACK_LIMIT:
        raise SystemExit(f"{args.out} holds {sum(sizes.values()) / 2**20:.1f} MiB, more than the "
                         f"{PACK_LIMIT / 2**20:.0f} MiB that can travel beside the working tree")


if __name__ == "__main__":
    main()

"""Pack what `scripts/gpu_run.sh` needs beyond the working tree into `.gpu/` (git-ignored), for the
device tool's `carry`: the prepared training and held-out sets, deflated (72 MB of glyphs become about
16), and the classifier that scores generated images while the run trains.

    PYTHONPATH=src .venv/bin/python scripts/gpu_pack.py      # after `dvc repro classifier` (or the stages)

The device tool carries at most 64 MiB with the working tree, so the pack is refused beyond PACK_LIMIT.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np

from calligan.io.npz import save_npz

PACK_LIMIT = 60 * 2**20  # the tool's 64 MiB less room for the working tree (about 1 MB)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=Path("data/prepared/dataset.npz"), help="the prepare stage's")
    parser.add_argument("--heldout", type=Path, default=Path("data/prepared/heldout.npz"),
                        help="the prepare stage's held-out images at the training size")
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

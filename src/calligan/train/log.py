"""`log.csv`: one row per `log_every` generator steps, rewritten atomically, continued on resume."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from calligan.gans.registry import statistics
from calligan.io.atomic import atomic_path

# Every family's statistics and the engine's own, so runs of different families read alike; a
# statistic a family lacks stays empty.
COLUMNS = ("step", *statistics(), "augment_p", "fid", "accuracy", "images_per_s")


class TrainLog:
    def __init__(self, path: str | os.PathLike, *, resume_step: int, mirror: str | os.PathLike | None = None) -> None:
        """resume_step: the checkpoint's step; earlier rows are kept, later ones (never saved) dropped.
        mirror: a second copy rewritten with every row, for whoever watches training live."""
        self.path = Path(path)
        self.mirror = None if mirror is None else Path(mirror)
        self.rows: list[dict] = []
        if resume_step > 0 and self.path.is_file():
            kept = pd.read_csv(self.path)
            self.rows = kept[kept["step"] <= resume_step].to_dict("records")

    def append(self, row: dict) -> None:
        unknown = sorted(set(row) - set(COLUMNS))
        if unknown:
            raise ValueError(f"log.csv has no column for {unknown}: declare it in the family's statistics")
        self.rows.append({key: row.get(key) for key in COLUMNS})
        self.write()

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(COLUMNS))

    def write(self) -> None:
        for path in (self.path, self.mirror):
            if path is not None:
                with atomic_path(path) as tmp:
                    self.frame().to_csv(tmp, index=False)

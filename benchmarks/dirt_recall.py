"""Dirt-filter recall per kind of dirt, and the share of clean pages kept, on generated scans.

Pages come from `tests/data/dirty_pages.py`: cccr characters on 200-400 px JPEG pages (grey or RGB,
blurred, noisy, quality 60-95), clean or with one kind of dirt. Each page goes through the whole
per-image path (`cleaning.clean`: decode, polarity, rules). Thresholds were tuned on seed 1; the measure
is another seed. Targets: recall >= 0.9 for every kind, clean kept >= 0.99; and on characters with detached
parts (dots, short strokes; every cccr image of `dirty_pages.DETACHED_CLASSES`, kept by prepare or not),
kept >= 0.99 and notes beside them caught >= 0.95; seals stamped across the strokes
(`dirty_pages.touching_seal`), caught >= 0.9.

    python -m benchmarks.dirt_recall --seed 2
"""

from __future__ import annotations

import argparse
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

from calligan.config.prepare import PrepareParams
from calligan.data import cleaning
from calligan.io.atomic import atomic_write_text
from tests.data import dirty_pages


def characters(cccr: Path, *, count: int, rng: np.random.Generator, params: PrepareParams) -> list[np.ndarray]:
    """`count` cccr characters drawn at random among those prepare keeps as they are (cccr holds a few dirty ones)."""
    with zipfile.ZipFile(cccr) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".png"))
        chosen = []
        for index in rng.permutation(len(names)):
            data = archive.read(names[index])
            if cleaning.clean(data, params).status == "kept":
                chosen.append(np.asarray(Image.open(io.BytesIO(data)).convert("L")))
            if len(chosen) == count:
                return chosen
    raise SystemExit(f"{cccr} holds fewer than {count} clean characters")


def measure(glyphs: list[np.ndarray], *, per_kind: int, rng: np.random.Generator, params: PrepareParams) -> dict:
    """Decisions on len(glyphs) clean pages (half RGB) and `per_kind` pages of each kind of dirt."""
    clean = Counter()
    for i, glyph in enumerate(glyphs):
        outcome = cleaning.clean(dirty_pages.clean(glyph, rng, colour=i % 2 == 1), params)
        clean[outcome.reason or "kept"] += 1
    kinds = {}
    for kind in dirty_pages.KINDS:
        forms = dirty_pages.SEAL_FORMS if kind == "stamp" else ("",)
        decided: dict[str, Counter] = {form: Counter() for form in forms}
        for i in range(per_kind):
            form = forms[i % len(forms)]
            outcome = cleaning.clean(dirty_pages.dirty(kind, glyphs[int(rng.integers(len(glyphs)))], rng, form=form), params)
            decided[form][outcome.reason or "kept"] += 1
        total = sum(decided.values(), Counter())
        kinds[kind] = {
            "count": per_kind,
            "recall": round(total[kind] / per_kind, 4),
            "decisions": dict(total),
            **({"forms": {form: dict(counts) for form, counts in decided.items()}} if kind == "stamp" else {}),
        }
    return {
        "clean": {"count": len(glyphs), "kept": round(clean["kept"] / len(glyphs), 4), "decisions": dict(clean)},
        "dirty": kinds,
    }


def measure_detached(characters: list[np.ndarray], *, count: int, rng: np.random.Generator, params: PrepareParams) -> dict:
    """`count` clean scans of characters with detached parts (dirty_pages.DETACHED_CLASSES, every such cccr image
    eligible), and `count` with a note beside or under them: kept and caught shares."""
    kept, caught = Counter(), Counter()
    for i in range(count):
        glyph = characters[int(rng.integers(len(characters)))]
        kept[cleaning.clean(dirty_pages.clean(glyph, rng, colour=i % 2 == 1), params).reason or "kept"] += 1
        caught[cleaning.clean(dirty_pages.annotated(glyph, rng, ""), params).reason or "kept"] += 1
    return {"count": count, "kept": round(kept["kept"] / count, 4), "decisions": dict(kept),
            "notes_caught": round(caught["extra_characters"] / count, 4), "notes_decisions": dict(caught)}


def measure_touching(glyphs: list[np.ndarray], *, count: int, rng: np.random.Generator, params: PrepareParams) -> dict:
    """`count` grey scans with a dark seal stamped across the character's strokes (`dirty_pages.touching_seal`,
    forms in turn): the share rejected as `stamp`, per form, and the share of the character's ink the seals cover."""
    decided: dict[str, Counter] = {form: Counter() for form in dirty_pages.SEAL_FORMS}
    covered = []
    for i in range(count):
        form = dirty_pages.SEAL_FORMS[i % len(dirty_pages.SEAL_FORMS)]
        page, share = dirty_pages.touching_seal(glyphs[int(rng.integers(len(glyphs)))], rng, form)
        decided[form][cleaning.clean(page, params).reason or "kept"] += 1
        covered.append(share)
    total = sum(decided.values(), Counter())
    return {"count": count, "recall": round(total["stamp"] / count, 4), "decisions": dict(total),
            "forms": {form: dict(counts) for form, counts in decided.items()},
            "ink_covered_quartiles": [round(float(q), 4) for q in np.percentile(covered, [25, 50, 75])]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2, help="1 is the tuning seed; measure on any other")
    parser.add_argument("--clean", type=int, default=1000, help="clean pages")
    parser.add_argument("--per-kind", type=int, default=300, help="dirty pages of each kind")
    parser.add_argument("--detached", type=int, default=500, help="pages of characters with detached parts, clean and with notes")
    parser.add_argument("--touching", type=int, default=300, help="pages with a seal stamped across the strokes")
    parser.add_argument("--cccr", type=Path, default=Path("../shared/data/cccr-calligraphy.zip"))
    parser.add_argument("--out", type=Path, default=None, help="default benchmarks/results/dirt_recall_seed<N>.json")
    args = parser.parse_args()
    params = PrepareParams()
    rng = np.random.default_rng(args.seed)
    glyphs = characters(args.cccr, count=args.clean, rng=rng, params=params)
    result = {"seed": args.seed, "tuning_seed": 1, **measure(glyphs, per_kind=args.per_kind, rng=rng, params=params)}
    detached = dirty_pages.detached_characters(args.cccr)
    result["detached"] = measure_detached(detached, count=args.detached, rng=rng, params=params)
    result["touching_seals"] = measure_touching(glyphs, count=args.touching, rng=rng, params=params)
    result["targets"] = {"recall": 0.9, "clean_kept": 0.99, "detached_kept": 0.99, "detached_notes_caught": 0.95,
                         "touching_seals": 0.9}
    result["met"] = result["clean"]["kept"] >= 0.99 and all(k["recall"] >= 0.9 for k in result["dirty"].values()) \
        and result["detached"]["kept"] >= 0.99 and result["detached"]["notes_caught"] >= 0.95 \
        and result["touching_seals"]["recall"] >= 0.9
    out = args.out or Path(f"benchmarks/results/dirt_recall_seed{args.seed}.json")
    atomic_write_text(out, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

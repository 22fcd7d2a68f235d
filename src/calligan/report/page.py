"""The page itself: inline CSS that reads at 1280 px and at phone width, sections in reading order,
nothing fetched from anywhere."""

from __future__ import annotations

import html
from collections.abc import Sequence

_CSS = """
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 78em; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; margin: 0 0 0.6em; } h2 { font-size: 1.25em; margin-top: 2.2em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1em; margin: 1.2em 0 0.4em; }
img { max-width: 100%; height: auto; vertical-align: top; }
img.pixelated, img.enlarged { image-rendering: pixelated; } img.enlarged { width: 32em; }
figure { margin: 0; } figcaption, p.note, p.counts, p.meaning { color: #666; font-size: 0.88em; }
code, td, th, p, figcaption { overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(15em, 1fr)); gap: 0.8em; }
.card { border: 1px solid #ddd; border-left: 6px solid #bbb; border-radius: 4px; padding: 0.6em 0.9em; }
.card h3 { margin: 0; font-size: 0.95em; color: #444; }
.card p { margin: 0.3em 0; }
.card.near { border-left-color: #3a7d44; } .card.between { border-left-color: #c9a227; } .card.far { border-left-color: #b5483b; }
.figures { font-size: 1.7em; font-variant-numeric: tabular-nums; }
.beside { font-size: 0.6em; color: #555; margin-left: 0.6em; }
.pair-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4em 1.2em; margin: 0.5em 0; }
.char { font-size: 2.2em; min-width: 1.6em; text-align: center; }
.gallery { display: flex; flex-wrap: wrap; gap: 0.6em; }
.gallery figure { max-width: 100%; }
.tables { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }
table { border-collapse: collapse; }
table.counts caption, table.glyphs caption { text-align: left; font-weight: 600; }
table.glyphs { margin-top: 1em; }
th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td.value { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
table.metrics { width: 100%; font-size: 0.92em; }
table.metrics tr.group th { background: #f4f4f4; font-weight: 600; }
details { margin-top: 1em; } summary { cursor: pointer; font-weight: 600; }
code.hash { font-size: 0.85em; }
@media (max-width: 40em) { table.metrics td:nth-child(3) { font-size: 0.85em; } td.value { white-space: normal; } }
"""


def section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}">\n<h2>{html.escape(title)}</h2>\n{body}\n</section>'


def render_page(*, title: str, headline: str, sections: Sequence[str]) -> str:
    """The whole HTML document: the title and headline figures first, then the sections in order."""
    body = "\n".join([f"<header>\n<h1>{html.escape(title)}</h1>\n{headline}\n</header>", *sections])
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )

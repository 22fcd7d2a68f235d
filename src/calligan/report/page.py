"""The report page itself: inline CSS, tables first, then one section per figure; no external fetches."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from calligan.report.figures import Section, data_uri
from calligan.report.table import metrics_table

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
table.metrics { border-collapse: collapse; min-width: 30em; }
table.metrics th, table.metrics td { padding: 0.2em 0.6em; border-bottom: 1px solid #eee; text-align: left; }
table.metrics td { font-variant-numeric: tabular-nums; text-align: right; }
table.metrics tr.group th { background: #f4f4f4; font-weight: 600; }
figure { margin: 1em 0; } figure img { max-width: 100%; image-rendering: pixelated; border: 1px solid #ddd; }
figcaption, p.note { color: #666; font-size: 0.9em; }
"""


def _section(section: Section) -> str:
    heading = f"<h2>{html.escape(section.spec.title)}</h2>"
    if not section.paths:
        return f'{heading}\n<p class="note">Not available: {html.escape(section.spec.missing)}.</p>'
    figures = [
        f'<figure><img src="{data_uri(path)}" alt="{html.escape(path.name)}">'
        f"<figcaption>{html.escape(str(path))}</figcaption></figure>"
        for path in section.paths
    ]
    return heading + "\n" + "\n".join(figures)


def render_page(*, title: str, tables: Sequence[tuple[str, Mapping]], sections: Sequence[Section]) -> str:
    """The whole HTML document. tables: (heading, JSON mapping) pairs; sections: found figures."""
    parts = [f"<h1>{html.escape(title)}</h1>"]
    parts += [f"<h2>{html.escape(heading)}</h2>\n{metrics_table(data)}" for heading, data in tables]
    parts += [_section(section) for section in sections]
    body = "\n".join(parts)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )

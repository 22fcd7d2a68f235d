"""What prepare did with the source: counts by status and reason, and the sheet of rejected images."""

from __future__ import annotations

import html
from pathlib import Path

from calligan.report.pictures import file_uri, img
from calligan.report.values import format_value


def _counts(title: str, counts: dict) -> str:
    rows = "".join(f"<tr><th>{html.escape(str(k))}</th><td class=\"value\">{format_value(v)}</td></tr>"
                   for k, v in sorted(counts.items(), key=lambda item: -item[1]))
    return f'<table class="counts"><caption>{html.escape(title)}</caption>{rows}</table>'


def prepared_data(summary: dict | None, rejects: Path) -> str:
    """summary: prepare's summary.json (None when missing); rejects: its rejects.png."""
    parts = []
    if summary is None:
        parts.append('<p class="note">Not available: prepare\'s summary.json is missing; run `calligan prepare`.</p>')
    else:
        parts.append(f'<p>{format_value(summary.get("inputs", 0))} images read from '
                     f'<code>{html.escape(str(summary.get("source", "")))}</code>, prepared at '
                     f'{format_value(summary.get("image_size"))} px.</p>')
        tables = [_counts("by status", summary.get("status", {}))]
        if summary.get("reason"):
            tables.append(_counts("rejected, by reason", summary["reason"]))
        if summary.get("split"):
            tables.append(_counts("kept, by split", summary["split"]))
        parts.append('<div class="tables">' + "".join(tables) + "</div>")
    if rejects.is_file():
        parts.append(f'<figure>{img(file_uri(rejects), alt="sheet of the images prepare rejected, each with its reason")}'
                     "<figcaption>every rejected image with its reason</figcaption></figure>")
    else:
        parts.append('<p class="note">No rejects sheet: run `calligan prepare`.</p>')
    return "\n".join(parts)

"""A metrics JSON mapping as one HTML table: nested groups become headed runs of rows, every number
with what it measures and which way is better."""

from __future__ import annotations

import html
from collections.abc import Mapping

from calligan.report.glossary import meaning
from calligan.report.values import format_value


def _is_code_mapping(value: Mapping) -> bool:
    """InfoGAN's code -> class mapping: one value, not a group of metrics."""
    return bool(value) and all(str(key).isdigit() for key in value)


def _rows(data: Mapping, path: tuple[str, ...]) -> list[str]:
    rows = []
    for key, value in data.items():
        here = (*path, str(key))
        pad = f' style="padding-left:{0.4 + 1.2 * len(path):.1f}em"'
        name = html.escape(str(key))
        if isinstance(value, Mapping) and not _is_code_mapping(value):
            rows.append(f'<tr class="group"><th colspan="4"{pad}>{name}</th></tr>')
            rows.extend(_rows(value, here))
            continue
        shown = ", ".join(f"{k} &rarr; {format_value(v)}" for k, v in value.items()) if isinstance(value, Mapping) \
            else format_value(value)
        known = meaning(here)
        text, better = (html.escape(known.text), html.escape(known.better)) if known else ("", "")
        rows.append(f'<tr><th{pad}>{name}</th><td class="value">{shown}</td><td>{text}</td><td>{better}</td></tr>')
    return rows


def metrics_table(data: Mapping) -> str:
    """A `<table>` with one row per leaf of `data`, in the mapping's own order."""
    head = "<thead><tr><th>metric</th><th>value</th><th>what it measures</th><th>better</th></tr></thead>"
    return f'<table class="metrics">\n{head}\n<tbody>\n' + "\n".join(_rows(data, ())) + "\n</tbody>\n</table>"

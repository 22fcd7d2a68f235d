"""Any JSON mapping as one HTML table: nested mappings become indented groups of rows."""

from __future__ import annotations

import html
from collections.abc import Mapping

from calligan.report.values import format_value


def _rows(data: Mapping, depth: int) -> list[str]:
    rows = []
    for key, value in data.items():
        pad = f' style="padding-left:{0.4 + 1.2 * depth:.1f}em"'
        name = html.escape(str(key))
        if isinstance(value, Mapping):
            rows.append(f'<tr class="group"><th colspan="2"{pad}>{name}</th></tr>')
            rows.extend(_rows(value, depth + 1))
        else:
            rows.append(f'<tr><th{pad}>{name}</th><td>{format_value(value)}</td></tr>')
    return rows


def metrics_table(data: Mapping) -> str:
    """A `<table>` with one row per leaf of `data`, in the mapping's own order."""
    return '<table class="metrics">\n' + "\n".join(_rows(data, 0)) + "\n</table>"

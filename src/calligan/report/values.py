"""How one metric value reads in the report: counts in full, measurements to four significant digits."""

from __future__ import annotations

import html
import math
from numbers import Integral, Real

_LIST_SHOWN = 8  # longer lists show their first items and their length, not a wall of numbers


def format_value(value: object) -> str:
    """HTML-escaped text for one scalar or list from a metrics JSON file."""
    if value is None:
        return "&mdash;"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Integral):
        return f"{value:,}"
    if isinstance(value, Real):
        if not math.isfinite(value):
            return html.escape(str(value))
        return f"{value:,.4g}" if abs(value) < 1e15 else f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        shown = ", ".join(format_value(v) for v in value[:_LIST_SHOWN])
        return f"[{shown}]" if len(value) <= _LIST_SHOWN else f"[{shown}, &hellip;] ({len(value):,} values)"
    return html.escape(str(value))

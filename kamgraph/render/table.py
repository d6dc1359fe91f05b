"""Plain-text tables for the terminal."""

from __future__ import annotations

import unicodedata


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 1000 else f"{value:g}"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_cell(v) for v in value)
    return " ".join(str(value).split())  # newlines and tabs in user text must not break the table


def format_table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """Rows as an aligned table; ``columns`` is ``[(key, heading)]``.

    >>> print(format_table([{"a": "x", "b": 2.0}], [("a", "A"), ("b", "Bee")]))
    A  Bee
    -  ---
    x  2
    """
    cells = [[_cell(row.get(key)) for key, _ in columns] for row in rows]
    headings = [h for _, h in columns]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headings)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(headings), line(["-" * w for w in widths])] + [line(r) for r in cells])

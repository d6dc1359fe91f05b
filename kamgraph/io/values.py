"""Booleans and dates as Salesforce's exports, Data Loader and Excel write them.

Booleans: ``true``/``false`` in any case, ``1``/``0``, blank (unknown), and
Excel's localised ``VERDADERO``/``FALSO``, ``VERDADEIRO``/``FALSO``,
``VRAI``/``FAUX``, ``WAHR``/``FALSCH``, ``VERO``/``FALSO``.

Dates and date-times: ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM[:SS]``, ISO 8601 with
``T``, fractions of a second and a zone (``2024-01-19T09:42:24.000+0000``,
``…Z``), and Excel's ``M/D/YY``, ``M/D/YYYY``, ``D/M/YYYY`` (with or without a
time after them). The date is kept as written: a time of day and its zone are
dropped. Two-digit years follow Excel's rule: 00–29 are 2000–2029, 30–99 are
1930–1999.

Whether a file's slashed dates are day-first or month-first is decided per
file, from the values that settle it (a first part above 12 means day-first, a
second part above 12 month-first) — never guessed: a file where nothing
settles it, or where values settle it both ways, is refused with a message
naming ``--date-order``.
"""

from __future__ import annotations

import datetime as _dt
import re

from kamgraph import model

DATE_ORDERS = ("dmy", "mdy")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$")
# Excel writes a checkbox in the language of its settings: Spanish, Portuguese, French, German, Italian.
def parse_boolean(value: str) -> bool | None:
    """``True``/``False`` for the ways a Salesforce export or Excel writes a checkbox; None when blank.

    >>> parse_boolean("TRUE"), parse_boolean("0"), parse_boolean(""), parse_boolean("VERDADERO")
    (True, False, None, True)
    """
    if not value.strip():
        return None
    try:
        return model.parse_bool(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a checkbox value (true/false, TRUE/FALSE, 1/0 or blank)") from None


def parse_decimal_comma(value: str) -> float:
    """A number written with a decimal comma and dots (or spaces) between thousands, as Excel writes it in es/pt/de.

    >>> parse_decimal_comma("1.700.000,50"), parse_decimal_comma("17,2"), parse_decimal_comma("3950")
    (1700000.5, 17.2, 3950.0)
    """
    text = value.strip().replace("\u00a0", " ").replace(" ", "")
    if not re.fullmatch(r"[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?", text):
        raise ValueError(f"'{value}' is not a number (in this semicolon-separated file: 1.234,5)")
    return float(text.replace(".", "").replace(",", "."))


def slashed_parts(value: str) -> tuple[int, int] | None:
    """The first two parts of a slashed date (``3/14/24`` → (3, 14)); None for any other text."""
    match = _SLASHED.match(value.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def settle_order(values) -> tuple[str | None, str | None]:
    """What a file's slashed dates say of their order: (``"dmy"``/``"mdy"``/None, an example that settles it).

    Raises ValueError when some values are only valid day-first and others only month-first.

    >>> settle_order(["3/4/24", "25/4/24"])
    ('dmy', '25/4/24')
    >>> settle_order(["3/4/24", "2024-01-19"])
    (None, None)
    """
    day_first = month_first = None
    for value in values:
        parts = slashed_parts(value)
        if parts is None:
            continue
        first, second = parts
        if first > 12 and day_first is None:
            day_first = value
        elif second > 12 and month_first is None:
            month_first = value
        if day_first and month_first:
            raise ValueError(f"its dates are written both day-first ('{day_first}') and month-first "
                             f"('{month_first}'); fix the file or name the order with --date-order")
    if day_first:
        return "dmy", day_first
    if month_first:
        return "mdy", month_first
    return None, None


def needs_order(values) -> str | None:
    """A slashed date whose order matters (day and month differ), if the values have one."""
    for value in values:
        parts = slashed_parts(value)
        if parts and parts[0] != parts[1]:
            return value
    return None


def parse_date(value: str, order: str | None = None) -> str:
    """An ISO date (``YYYY-MM-DD``) from a date or date-time as exports write it.

    >>> parse_date("2024-01-19T09:42:24.000+0000"), parse_date("02/03/24", "dmy"), parse_date("2/3/2024 9:42", "mdy")
    ('2024-01-19', '2024-03-02', '2024-02-03')
    """
    text = value.strip()
    match = _ISO.match(text)
    try:
        if match:
            return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        match = _SLASHED.match(text)
        if match:
            if order not in DATE_ORDERS:
                raise ValueError(f"'{value}' could be day-first or month-first; name the order with --date-order")
            first, second, year = int(match.group(1)), int(match.group(2)), match.group(3)
            day, month = (first, second) if order == "dmy" else (second, first)
            full = int(year) if len(year) == 4 else (2000 + int(year) if int(year) < 30 else 1900 + int(year))
            return _dt.date(full, month, day).isoformat()
    except ValueError as exc:
        if "--date-order" in str(exc):
            raise
        raise ValueError(f"'{value}' is not a real date"
                         + (f" read {'day-first' if order == 'dmy' else 'month-first'}" if order else "")) from None
    raise ValueError(f"'{value}' is not a date (YYYY-MM-DD, an ISO 8601 date-time, or D/M/YYYY or M/D/YYYY)")

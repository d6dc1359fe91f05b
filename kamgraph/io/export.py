"""Write records in kamgraph's own format, ready to edit in a spreadsheet and import again.

The sheets and columns are those of :data:`kamgraph.io.native.SHEETS` (what
``kamgraph template`` describes), so a written file imports as it is: reading
it back gives the same records (``tests/test_export.py`` checks that on the
demo and on generated accounts). An XLSX workbook is made for people to edit:
the header row is frozen, columns are sized to their contents, every column
with a vocabulary (side, level, attitude, buying role, relationship type and
level, interaction kind, true/false) has a drop-down list, and dates are dates.

Two things keep that exact:

- A vocabulary column holds the normal form (so it fits its drop-down) and the
  text as first written goes in the column beside it (``role_source`` and the
  like), so importing it again keeps both.
- Text a spreadsheet would run as a formula (it starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return) is neutralised: an XLSX cell holds
  it as text with the quote prefix Excel itself uses; a CSV cell gets a leading
  ``'``, which the CSV reader removes again (:func:`kamgraph.io.native.unquote_formula`).
  A number with more significant digits than a spreadsheet keeps (15) is
  written as text, so no digit is lost.
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
from pathlib import Path

from kamgraph import model
from kamgraph.errors import KamgraphError
from kamgraph.io.native import FORMULA_START, SHEETS, Column, Sheet
from kamgraph.model import Dataset

# The values offered in each vocabulary column's drop-down, by the parser that reads the column.
DROP_DOWNS = {
    model.normalise_side: model.SIDES,
    model.normalise_level: model.LEVELS,
    model.normalise_attitude: model.ATTITUDES,
    model.normalise_role: model.BUYING_ROLES,
    model.normalise_relationship_level: model.RELATIONSHIP_LEVELS,
    model.normalise_link_type: tuple(model.LINK_TYPES),
    model.normalise_interaction_kind: model.INTERACTION_KINDS,
    model.parse_bool: ("true", "false"),
}
EXTRA_ROWS = 500  # drop-downs and date formats reach this far below the last row, for rows a team adds
MAX_WIDTH = 60
_NEEDS_QUOTE = re.compile(f"^'*[{re.escape(FORMULA_START)}]")


class ExportError(KamgraphError):
    """A record cannot be written in the chosen format; the message says which and why."""


def _sorted(data: Dataset) -> dict[str, list]:
    """Each sheet's records in the order a person reads them: customers by department, then ours."""
    people = sorted(data.people, key=lambda p: (p.side != "customer", p.account or "", p.department or "",
                                                p.name, p.id))
    return {
        "accounts": sorted(data.accounts, key=lambda a: (a.name, a.id)),
        "people": people,
        "team": sorted(data.team, key=lambda t: (t.account, t.person)),
        "links": sorted(data.links, key=lambda x: (list(model.LINK_TYPES).index(x.kind), x.source, x.target)),
        "opportunities": sorted(data.opportunities, key=lambda o: (o.account, o.id)),
        "roles": sorted(data.roles, key=lambda r: (r.account, r.opportunity or "", r.person, r.role)),
        "interactions": sorted(data.interactions, key=lambda i: (i.account, i.date, i.id)),
    }


def _participants(ids: tuple[str, ...], record) -> str:
    odd = [i for i in ids if re.search(r"[;|]", i)]
    if odd:
        raise ExportError(f"interaction '{record.id}': participant id '{odd[0]}' holds ';' or '|', which separate "
                          "participants in the file; it cannot be exported")
    return "; ".join(ids)


def _is_date(column: Column) -> bool:
    return column.parse is model.parse_date


def _number_fits(number: float) -> bool:
    return float(f"{number:.15g}") == number


def _cell_value(record, column: Column, *, xlsx: bool):
    value = getattr(record, column.field or column.name)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)) and column.name == "unknown":
        # ';' and '|' separate the entries: one inside a display name (a stored name from before names were
        # cleaned of them) is written as a comma
        return "; ".join(re.sub(r"[;|]", ",", entry) for entry in value)
    if isinstance(value, tuple):
        return _participants(value, record)
    if isinstance(value, (int, float)):
        if xlsx and _number_fits(value):
            return value
        return repr(float(value))
    if xlsx and _is_date(column):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value  # not a date (an older store's text): kept as it is, and the import will say so
    return value


def _neutral_csv(value):
    if isinstance(value, str) and _NEEDS_QUOTE.match(value):
        return "'" + value
    return value


def write_csv_files(data: Dataset, directory: str | Path, *, interactions: bool = False, overwrite: bool = False) -> list[Path]:
    """Write one CSV file per sheet (UTF-8, with a byte-order mark so Excel reads the encoding) into ``directory``."""
    out = Path(directory)
    sheets = _sheets(interactions)
    targets = [out / f"{sheet.name}.csv" for sheet in sheets]
    _refuse_existing(targets, overwrite)
    out.mkdir(parents=True, exist_ok=True)
    records = _sorted(data)
    for sheet, path in zip(sheets, targets, strict=True):
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.name for c in sheet.columns])
            for record in records[sheet.target]:
                writer.writerow(["" if v is None else _neutral_csv(v)
                                 for v in (_cell_value(record, c, xlsx=False) for c in sheet.columns)])
    return targets


def write_workbook(data: Dataset, path: str | Path, *, interactions: bool = False, overwrite: bool = False) -> Path:
    """Write one XLSX workbook, a sheet per kind of record, made for editing (see the module docstring)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils.exceptions import IllegalCharacterError

    target = Path(path)
    _refuse_existing([target], overwrite)
    book = openpyxl.Workbook()
    book.remove(book.active)
    records = _sorted(data)
    bold = Font(bold=True)
    for sheet in _sheets(interactions):
        ws = book.create_sheet(sheet.name)
        ws.append([c.name for c in sheet.columns])
        for cell in ws[1]:
            cell.font = bold
        rows = records[sheet.target]
        for row_number, record in enumerate(rows, start=2):
            for col, column in enumerate(sheet.columns, start=1):
                value = _cell_value(record, column, xlsx=True)
                if value is None:
                    continue
                try:
                    cell = ws.cell(row=row_number, column=col, value=value)
                except IllegalCharacterError:
                    raise ExportError(f"{sheet.name} row {row_number}, column '{column.name}': the text holds a "
                                      "control character a workbook cannot store; export to a directory of CSV "
                                      "files instead") from None
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl takes '=…' for a formula and '#REF!' for an error value
                    if _NEEDS_QUOTE.match(value):
                        cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell
                elif isinstance(value, _dt.date):
                    cell.number_format = "yyyy-mm-dd"
        _format_sheet(ws, sheet, len(rows))
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def _format_sheet(ws, sheet: Sheet, n_rows: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.freeze_panes = "A2"
    last = n_rows + 1 + EXTRA_ROWS
    for col, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(col)
        longest = max([len(column.name)] + [len(str(c.value)) for (c,) in ws.iter_rows(min_row=2, min_col=col, max_col=col)
                                            if c.value is not None])
        ws.column_dimensions[letter].width = min(max(longest, 10 if _is_date(column) else 6) + 2, MAX_WIDTH)
        allowed = DROP_DOWNS.get(column.parse)
        if allowed:
            check = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True,
                                   showDropDown=False, showErrorMessage=True, errorTitle=f"Not a known {column.name}",
                                   error=f"Use one of: {', '.join(allowed)}")
            check.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(check)
        elif _is_date(column):
            check = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                   showErrorMessage=True, errorTitle="Not a date", error="Write a date, YYYY-MM-DD")
            check.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(check)
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"  # rows a team adds show dates as dates too
    if n_rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{n_rows + 1}"


def _sheets(interactions: bool) -> list[Sheet]:
    return [s for s in SHEETS.values() if interactions or s.name != "interactions"]


def _refuse_existing(targets: list[Path], overwrite: bool) -> None:
    existing = [t for t in targets if t.exists()]
    if existing and not overwrite:
        raise ExportError(f"{existing[0]} already exists; choose another name, or --force to replace it")


def write_export(data: Dataset, path: str | Path, *, interactions: bool = False, overwrite: bool = False) -> list[Path]:
    """Write ``data`` to ``path``: an XLSX workbook if it ends in ``.xlsx``, otherwise a directory of CSV files."""
    if str(path).lower().endswith(".xlsx"):
        return [write_workbook(data, path, interactions=interactions, overwrite=overwrite)]
    if Path(path).exists() and not Path(path).is_dir():
        raise ExportError(f"{path} is a file; name a .xlsx file or a directory for CSV files")
    return write_csv_files(data, path, interactions=interactions, overwrite=overwrite)

"""Write empty import templates (header rows only) and a README of every column."""

from __future__ import annotations

import csv
from pathlib import Path

from kamgraph import model
from kamgraph.errors import KamgraphError
from kamgraph.io.native import SHEETS


def columns_readme() -> str:
    """The import format as Markdown, generated from the column definitions."""
    lines = [
        "# kamgraph import format",
        "",
        "One CSV file per sheet, named after it (`people.csv`, or with a prefix: `acme-people.csv`),",
        "or one XLSX workbook with a sheet of each name. Column names are not case-sensitive;",
        "unknown columns are reported and ignored. Dates are YYYY-MM-DD. Files are UTF-8.",
        "",
        "`kamgraph import` checks every file before it writes anything: a file with a problem is",
        "refused whole, with the file, row and column of each problem. Importing the same files",
        "again changes nothing; a changed row updates the record with that id.",
        "A file with more than 1,000 columns, or a workbook that unpacks to more than 100 MB, is",
        "refused before it is read. In an XLSX workbook a formula is read as the value the workbook",
        "saved for it; hidden sheets are read like any other.",
        "",
        "`kamgraph export ACCOUNT -o FILE.xlsx|DIR` writes an account in this format. In a CSV file,",
        "a `'` before text that starts with `=`, `+`, `-` or `@` is dropped on import: an export puts",
        "it there so that a spreadsheet does not run the text as a formula.",
        "",
    ]
    for sheet in SHEETS.values():
        lines += [f"## {sheet.name}", "", sheet.doc, "", "| column | required | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {'yes' if c.required else ''} | {c.doc} |" for c in sheet.columns]
        lines.append("")
    lines += [
        "## Limits",
        "",
        "Values that a graph database could refuse part-way through a write are refused when the files are checked:",
        "",
        f"- an id (and every id that refers to one) is at most {model.MAX_ID_LENGTH:,} characters, with no control characters;",
        f"- other text is at most {model.MAX_TEXT_LENGTH:,} characters; tab, line feed and carriage return are kept, other",
        "  control characters (NUL, escape …) and text that is not valid Unicode are refused;",
        f"- a number is finite and at most {model.MAX_NUMBER:,.0f} in magnitude.",
        "",
    ]
    return "\n".join(lines)


def write_templates(directory: str | Path, xlsx: bool = False) -> list[Path]:
    """Write header-only templates and README.md into ``directory``; refuses to overwrite files."""
    out = Path(directory)
    targets = [out / "kamgraph-import.xlsx"] if xlsx else [out / f"{name}.csv" for name in SHEETS]
    targets.append(out / "README.md")
    existing = [t for t in targets if t.exists()]
    if existing:
        raise KamgraphError(f"{existing[0]} already exists; choose an empty directory")
    out.mkdir(parents=True, exist_ok=True)
    if xlsx:
        import openpyxl

        book = openpyxl.Workbook()
        book.remove(book.active)
        for sheet in SHEETS.values():
            ws = book.create_sheet(sheet.name)
            ws.append([c.name for c in sheet.columns])
        book.save(targets[0])
    else:
        for sheet, path in zip(SHEETS.values(), targets, strict=False):
            with open(path, "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerow([c.name for c in sheet.columns])
    targets[-1].write_text(columns_readme(), encoding="utf-8")
    return targets

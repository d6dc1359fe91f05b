"""A catalogue of bad input: each malformed file, run through the CLI against a store that already holds data,
is refused with exit code 1 and one clear ``Error:`` naming the file, no traceback, and the store unchanged.

Tests run as root, so ``chmod 000`` does not make a file unreadable; an unreadable file is simulated by a
directory where a file belongs (``accounts.csv/``), which no process can read as text.

The store is compared by its full dump only: the embedded server rewrites its files (the RDB snapshot's
creation time, the append-only log) each time it is opened and closed, so its bytes differ even when nothing
was written.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import small_dataset
from test_import import ACCOUNTS, INTERACTIONS, PEOPLE, RELATIONSHIPS, ROLES, TEAM, _replace, write_csv
from test_salesforce import CEO, export
from test_salesforce import write as sf_write

from kamgraph.cli import cli
from kamgraph.store import open_store


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    import csv
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


# --- the native import: each builder writes into ``d`` and returns (arguments, fragments the error must hold) ---

def native(files: dict, *fragments: str):
    def build(d: Path):
        d.mkdir()
        for name, content in files.items():
            if isinstance(content, bytes):
                (d / name).write_bytes(content)
            else:
                write_csv(d, name, content)
        return [str(d)], fragments
    return build


def _workbook(d: Path, shape) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "accounts"
    for row in ACCOUNTS:
        sheet.append(row)
    shape(book, sheet)
    path = d / "book.xlsx"
    book.save(path)
    return path


def xlsx_case(shape, *fragments: str):
    def build(d: Path):
        d.mkdir()
        return [str(_workbook(d, shape))], ("book.xlsx", *fragments)
    return build


def _merged(book, sheet):
    sheet.append(["A10", "Merged Co", "Retail", "1"])
    sheet.merge_cells("A2:A3")


def _hidden(book, sheet):
    hidden = book.create_sheet("people")
    hidden.append(PEOPLE[0])
    hidden.append(_replace(PEOPLE, 1, "attitude", "hostile")[1])
    hidden.sheet_state = "hidden"


def zip_not_workbook(d: Path):
    d.mkdir()
    with zipfile.ZipFile(d / "book.xlsx", "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return [str(d / "book.xlsx")], ("book.xlsx",)


def zip_bomb(d: Path):
    """A workbook whose sheet XML inflates to 200 MB from a file of a few hundred KB."""
    d.mkdir()
    path = _workbook(d, lambda book, sheet: None)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    head, _, tail = parts[sheet].partition(b"<sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != sheet:
                archive.writestr(name, data)
        with archive.open(sheet, "w", force_zip64=True) as member:
            member.write(head + b"<sheetData>")
            chunk = b" " * (1 << 20)
            for _ in range(200):
                member.write(chunk)
            member.write(tail.partition(b"</sheetData>")[1] + tail.partition(b"</sheetData>")[2])
    assert path.stat().st_size < 2_000_000
    return [str(path)], ("book.xlsx",)


def symlink_loop(d: Path):
    d.mkdir()
    os.symlink(d / "accounts.csv", d / "accounts.csv")
    return [str(d / "accounts.csv")], ("accounts.csv", "symbolic link")


def directory_as_file(d: Path):
    d.mkdir()
    write_csv(d, "people.csv", PEOPLE)
    (d / "accounts.csv").mkdir()
    return [str(d / "accounts.csv"), str(d / "people.csv")], ("accounts.csv",)


def missing_path(d: Path):
    return [str(d / "nope.csv")], ("nope.csv",)


WIDE = [[f"c{n}" for n in range(100_000)], ["x"] * 100_000]
WIDE[0][:2], WIDE[1][:2] = ["id", "name"], ["A9", "Wide Co"]

NATIVE = {
    "invalid utf-8": native({"accounts.csv": "id,name\nA9,Caf\xe9\n".encode("latin-1")}, "accounts.csv", "UTF-8"),
    "utf-16 without bom": native({"accounts.csv": "id,name\nA9,Nordic\n".encode("utf-16-le")}, "accounts.csv, row 1",
                                 "NUL bytes"),
    "empty file": native({"accounts.csv": b""}, "accounts.csv", "empty"),
    "binary garbage": native({"accounts.csv": bytes(range(256)) * 8}, "accounts.csv"),
    "nul bytes": native({"accounts.csv": b"id,name\nA9,Nor\x00dic\n"}, "accounts.csv"),
    "10 MB field": native({"accounts.csv": [["id", "name"], ["A9", "x" * 10_000_000]]}, "accounts.csv", "row 2"),
    "100,000 columns": native({"accounts.csv": WIDE}, "accounts.csv, row 1", "100,000 columns"),
    "unbalanced quote": native({"accounts.csv": b'id,name\nA9,"Nordic\nA10,Other\n'}, "accounts.csv, row 2",
                               "never closed"),
    "duplicate id": native({"accounts.csv": ACCOUNTS, "people.csv": PEOPLE + [PEOPLE[1]]}, "people.csv, row 6, column 'id'"),
    "dangling id": native({"accounts.csv": ACCOUNTS, "people.csv": PEOPLE,
                           "relationships.csv": RELATIONSHIPS + [["reports_to", "p1", "ghost", ""]]},
                          "relationships.csv, row 4, column 'to'"),
    "impossible date": native({"accounts.csv": ACCOUNTS, "people.csv": PEOPLE,
                               "interactions.csv": _replace(INTERACTIONS, 1, "date", "2024-02-30")},
                              "interactions.csv, row 2, column 'date'"),
    "out-of-vocabulary attitude": native({"accounts.csv": ACCOUNTS, "people.csv": _replace(PEOPLE, 2, "attitude", "hostile")},
                                         "people.csv, row 3, column 'attitude'"),
    "out-of-vocabulary role": native({"accounts.csv": ACCOUNTS, "people.csv": PEOPLE,
                                      "roles.csv": _replace(ROLES, 1, "role", "kingmaker")}, "roles.csv, row 2, column 'role'"),
    "out-of-vocabulary side": native({"accounts.csv": ACCOUNTS, "people.csv": _replace(PEOPLE, 1, "side", "partner")},
                                     "people.csv, row 2, column 'side'"),
    "missing required column": native({"people.csv": [[c for c in PEOPLE[0] if c != "side"]] + [r[:2] + r[3:] for r in PEOPLE[1:]]},
                                      "people.csv", "'side'"),
    "not a number": native({"accounts.csv": _replace(ACCOUNTS, 1, "annual_revenue", "lots")},
                           "accounts.csv, row 2, column 'annual_revenue'"),
    "share out of range": native({"accounts.csv": ACCOUNTS, "people.csv": _replace(PEOPLE, 1, "influence", "1.5")},
                                 "people.csv, row 2, column 'influence'"),
    "control character": native({"accounts.csv": [["id", "name"], ["A\x1f9", "Tab Co"]]}, "accounts.csv, row 2, column 'id'"),
    "required value blank": native({"accounts.csv": _replace(ACCOUNTS, 1, "name", "")}, "accounts.csv, row 2, column 'name'"),
    "duplicate column": native({"accounts.csv": [["id", "name", "Name"], ["A9", "x", "y"]]}, "accounts.csv", "'name'"),
    "file of unknown kind": native({"contacts-export.csv": ACCOUNTS}, "contacts-export.csv"),
    "self relationship": native({"accounts.csv": ACCOUNTS, "people.csv": PEOPLE,
                                 "relationships.csv": [RELATIONSHIPS[0], ["influences", "p1", "p1", ""]]},
                                "relationships.csv, row 2, column 'to'"),
    "unknown participant": native({"accounts.csv": ACCOUNTS, "people.csv": PEOPLE,
                                   "interactions.csv": _replace(INTERACTIONS, 1, "participants", "u1;nobody")},
                                  "interactions.csv, row 2, column 'participants'"),
    "customer on our team": native({"accounts.csv": ACCOUNTS, "people.csv": PEOPLE, "team.csv": [TEAM[0], ["A9", "p1", "KAM"]]},
                                   "team.csv, row 2, column 'person'"),
    "left but active": native({"accounts.csv": ACCOUNTS, "people.csv": _replace(PEOPLE, 4, "active", "true")},
                              "people.csv, row 5, column 'active'"),
    "not a zip named .xlsx": native({"book.xlsx": b"this is not a zip file"}, "book.xlsx"),
    "zip that is not a workbook": zip_not_workbook,
    "zip bomb sheet": zip_bomb,
    "xlsx with merged cells": xlsx_case(_merged, "row 3"),
    "xlsx with a bad hidden sheet": xlsx_case(_hidden, "people", "row 2", "attitude"),
    "symlink loop": symlink_loop,
    "directory where a file belongs": directory_as_file,
    "missing path": missing_path,
}


# --- the Salesforce import ---

def salesforce(change, *fragments: str, options=()):
    def build(d: Path):
        export(d)
        change(d)
        return ["salesforce", str(d), *options], fragments
    return build


def _rewrite(name: str, data: bytes):
    return lambda d: (d / name).write_bytes(data)


def _contact_rows(d: Path) -> list[str]:
    return (d / "Contact.csv").read_text(encoding="utf-8-sig").splitlines()


def _contacts_with(d: Path, line: str) -> None:
    (d / "Contact.csv").write_text("\n".join([*_contact_rows(d), line]) + "\n", encoding="utf-8")


def _no_contacts(d: Path) -> None:
    (d / "Contact.csv").unlink()


def _contact_dir(d: Path) -> None:
    (d / "Contact.csv").unlink()
    (d / "Contact.csv").mkdir()


def _missing_lastname(d: Path) -> None:
    sf_write(d, "Contact", ["Id", "AccountId", "FirstName", "Title"], [[CEO, "", "Taro", "CEO"]])


def _duplicate_contact(d: Path) -> None:
    _contacts_with(d, _contact_rows(d)[1])


def _bad_close_date(d: Path) -> None:
    text = (d / "Opportunity.csv").read_text(encoding="utf-8").replace("2026-06-30", "2024-02-30")
    (d / "Opportunity.csv").write_text(text, encoding="utf-8")


def _bad_id(d: Path) -> None:
    _contacts_with(d, "not-an-id!,,X,Y,,,,,0,")


def _not_a_directory(d: Path):
    d.parent.mkdir(parents=True, exist_ok=True)
    d.write_bytes(b"Id,Name\n")
    return ["salesforce", str(d)], (d.name,)


SALESFORCE = {
    "salesforce: no Contact.csv": salesforce(_no_contacts, "Contact.csv"),
    "salesforce: Contact.csv is a directory": salesforce(_contact_dir, "Contact.csv"),
    "salesforce: missing required column": salesforce(_missing_lastname, "Contact.csv", "LastName"),
    "salesforce: binary garbage": salesforce(_rewrite("Contact.csv", bytes(range(256)) * 8), "Contact.csv"),
    "salesforce: nul bytes": salesforce(_rewrite("Contact.csv", b"Id,LastName\n003Ab0000000001,Na\x00me\n"), "Contact.csv"),
    "salesforce: empty Contact.csv": salesforce(_rewrite("Contact.csv", b""), "Contact.csv"),
    "salesforce: invalid utf-8 with --encoding utf-8": salesforce(
        _rewrite("Account.csv", "Id,Name\n001Ab0000000001AAA,Caf\xe9\n".encode("latin-1")), "Account.csv",
        options=("--encoding", "utf-8")),
    "salesforce: unknown --encoding": salesforce(lambda d: None, "nonsense-8", options=("--encoding", "nonsense-8")),
    "salesforce: utf-16 without bom, forced utf-8": salesforce(
        lambda d: (d / "Account.csv").write_bytes((d / "Account.csv").read_text(encoding="utf-8").encode("utf-16-le")),
        "Account.csv", options=("--encoding", "utf-8")),
    "salesforce: unbalanced quote": salesforce(lambda d: _contacts_with(d, '003Ab0000000099,,"Open,Quote,,,,,0,'),
                                               "Contact.csv, row 8", "never closed"),
    "salesforce: duplicate contact id": salesforce(_duplicate_contact, "Contact.csv, row 8, column 'Id'", "duplicate"),
    "salesforce: impossible date": salesforce(_bad_close_date, "Opportunity.csv", "CloseDate"),
    "salesforce: malformed id": salesforce(_bad_id, "Contact.csv", "column 'Id'"),
    "salesforce: the export is a file": _not_a_directory,
}

CASES = {**NATIVE, **SALESFORCE}


@pytest.fixture
def stocked_store(tmp_path):
    """A store directory holding the small dataset, closed again so the CLI opens it as a user would."""
    path = tmp_path / "store"
    store = open_store(path)
    store.write(small_dataset())
    dump = store.dump()
    store.close()
    return path, dump


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_clear_error_and_the_store_is_unchanged(stocked_store, tmp_path, case):
    path, dump = stocked_store
    arguments, fragments = CASES[case](tmp_path / "in")
    result = CliRunner().invoke(cli, ["--store", str(path), "import", *arguments])
    output = result.output
    assert result.exit_code == 1, output
    assert output.count("Error:") == 1, output
    assert "Traceback" not in output and "unexpected" not in output.lower(), output
    for fragment in fragments:
        assert fragment in output, output
    store = open_store(path)
    try:
        assert store.dump() == dump
    finally:
        store.close()


def test_text_that_looks_like_a_formula_is_stored_verbatim(tmp_path):
    names = ["=SUM(A1:A2)", "+49 30 1234", "-minus", "@mention", "=HYPERLINK(\"http://x\",\"y\")"]
    rows = [["id", "name", "industry"], *[[f"F{n}", name, name] for n, name in enumerate(names)]]
    write_csv(tmp_path / "in", "accounts.csv", rows)
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "import", str(tmp_path / "in")])
    assert result.exit_code == 0, result.output
    store = open_store(tmp_path / "store")
    try:
        found = store.lookup("Account", [f"F{n}" for n in range(len(names))])
    finally:
        store.close()
    assert [(found[f"F{n}"]["name"], found[f"F{n}"]["industry"]) for n in range(len(names))] == [(n, n) for n in names]

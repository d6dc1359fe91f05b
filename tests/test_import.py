"""Importing kamgraph's CSV/XLSX format: what it accepts, and every kind of input it refuses whole."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from conftest import small_dataset

from kamgraph.importer import import_paths
from kamgraph.io import SHEETS, write_templates
from kamgraph.model import ValidationError

ACCOUNTS = [["id", "name", "industry", "annual_revenue"], ["A9", "Nordic Foods", "Retail", "2,500,000"]]
PEOPLE = [
    ["id", "name", "side", "account", "title", "level", "attitude", "influence", "active", "left_on"],
    ["p1", "Åsa Lindgren", "customer", "A9", "CFO", "Executive", "Supporter", "0.8", "", ""],
    ["p2", "Jonas Berg", "Customer", "A9", "Buyer", "staff", "coach", "", "", ""],
    ["u1", "Our KAM", "supplier", "", "KAM", "manager", "", "", "yes", ""],
    ["u2", "Gone Colleague", "supplier", "", "KAE", "manager", "", "", "", "2026-06-30"],
]
TEAM = [["account", "person", "role"], ["A9", "u1", "KAM"], ["A9", "u2", "KAE"]]
RELATIONSHIPS = [["type", "from", "to", "level"], ["reports_to", "p2", "p1", ""], ["knows", "u1", "p1", "Trusted adviser"]]
ROLES = [["person", "account", "role"], ["p1", "A9", "Economic Buyer"], ["p2", "A9", "evaluator"]]
INTERACTIONS = [["id", "date", "kind", "account", "participants", "subject"],
                ["m1", "2026-10-02", "Meeting", "A9", "u1; p1; p2", "Kick-off, with \"quotes\""]]


def write_csv(directory: Path, name: str, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def good_files(directory: Path) -> Path:
    for name, rows in [("accounts.csv", ACCOUNTS), ("people.csv", PEOPLE), ("team.csv", TEAM),
                       ("relationships.csv", RELATIONSHIPS), ("roles.csv", ROLES), ("interactions.csv", INTERACTIONS)]:
        write_csv(directory, name, rows)
    return directory


def test_a_directory_of_csv_files_is_imported_with_normalised_values(embedded, tmp_path):
    report = import_paths(embedded, [good_files(tmp_path / "in")])
    assert report.summary.as_dict()["people"]["created"] == 4
    people = embedded.lookup("Person", ["p1", "p2", "u2"])
    assert people["p1"]["attitude"] == "supporter" and people["p1"]["attitude_source"] == "Supporter"
    assert people["p2"]["attitude"] == "champion" and people["p2"]["side"] == "customer"
    assert people["u2"]["active"] is False  # left_on implies it
    assert embedded.lookup("Account", ["A9"])["A9"]["annual_revenue"] == 2_500_000
    _, edges = embedded.dump()
    assert ("u1", "KNOWS", "p1") in {(s, t, d) for s, t, d, _ in edges}
    assert sorted(d for s, t, d, _ in edges if t == "PARTICIPATED_IN") == ["m1", "m1", "m1"]


def test_importing_the_same_files_again_changes_nothing(embedded, tmp_path):
    files = good_files(tmp_path / "in")
    import_paths(embedded, [files])
    before = embedded.dump()
    report = import_paths(embedded, [files])
    assert embedded.dump() == before
    assert report.summary.total("created") == report.summary.total("updated") == 0


def test_an_xlsx_workbook_with_a_sheet_per_kind_is_imported(embedded, tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in [("Accounts", ACCOUNTS), ("People", PEOPLE), ("Team", TEAM), ("Notes", [["x"], ["y"]])]:
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    import datetime

    ws = book.create_sheet("interactions")
    ws.append(INTERACTIONS[0])
    ws.append(["m1", datetime.datetime(2026, 10, 2, 9, 30), "call", "A9", "u1;p1", None])
    path = tmp_path / "book.xlsx"
    book.save(path)
    report = import_paths(embedded, [path])
    assert any("ignored sheet 'Notes'" in w for w in report.warnings)
    found = embedded.account_records("A9")["interactions"]
    assert (found["id"], found["date"], found["kind"]) == (["m1"], ["2026-10-02"], ["call"])


def test_unknown_columns_are_warned_about_and_blank_rows_skipped(embedded, tmp_path):
    rows = [ACCOUNTS[0] + ["Notes"], ACCOUNTS[1] + ["anything"], ["", "", "", "", ""]]
    report = import_paths(embedded, [write_csv(tmp_path, "accounts.csv", rows)])
    assert report.warnings == ["accounts.csv: ignored unknown column(s) 'Notes'"]
    assert report.blank_rows == 1
    assert "notes" not in embedded.lookup("Account", ["A9"])["A9"]


def test_references_may_point_at_records_already_in_the_store(embedded, tmp_path):
    embedded.write(small_dataset())
    path = write_csv(tmp_path, "relationships.csv", [["type", "from", "to"], ["influences", "c1", "c2"]])
    report = import_paths(embedded, [path])
    assert report.summary.as_dict()["relationships"]["created"] == 1


def test_check_only_writes_nothing(embedded, tmp_path):
    report = import_paths(embedded, [good_files(tmp_path / "in")], check_only=True)
    assert report.summary is None and embedded.accounts() == []


def test_header_only_templates_import_as_nothing(embedded, tmp_path):
    write_templates(tmp_path / "t")
    report = import_paths(embedded, [tmp_path / "t"])
    assert sum(report.records.values()) == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == sorted([f"{s}.csv" for s in SHEETS] + ["README.md"])


def _replace(rows, row, column, value):
    rows = [list(r) for r in rows]
    rows[row][rows[0].index(column)] = value
    return rows


# Each case: the files to write (name -> rows, or raw bytes), and a fragment the error must contain.
REFUSALS = {
    "missing required column": (
        {"people.csv": [[c for c in PEOPLE[0] if c != "side"]] + [r[:2] + r[3:] for r in PEOPLE[1:]]},
        "people.csv: the required column 'side' is missing"),
    "duplicate id": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE + [PEOPLE[1]]},
        "people.csv, row 6, column 'id': duplicate person id 'p1' (first seen at people.csv, row 2)"),
    "dangling reference": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE, "relationships.csv": RELATIONSHIPS + [["reports_to", "p1", "ghost", ""]]},
        "relationships.csv, row 4, column 'to': person 'ghost' is not in this import or the store"),
    "bad date": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE, "interactions.csv": _replace(INTERACTIONS, 1, "date", "31/12/2026")},
        "interactions.csv, row 2, column 'date': '31/12/2026' is not a date; write it as YYYY-MM-DD"),
    "unknown vocabulary value": (
        {"accounts.csv": ACCOUNTS, "people.csv": _replace(PEOPLE, 2, "attitude", "hostile")},
        "people.csv, row 3, column 'attitude': 'hostile' is not a known attitude; use one of: champion, supporter"),
    "unknown buying role": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE, "roles.csv": _replace(ROLES, 1, "role", "kingmaker")},
        "roles.csv, row 2, column 'role': 'kingmaker' is not a known buying role"),
    "not a number": (
        {"accounts.csv": _replace(ACCOUNTS, 1, "annual_revenue", "lots")},
        "accounts.csv, row 2, column 'annual_revenue': 'lots' is not a number"),
    "decimal comma is not a thousands separator": (
        {"accounts.csv": _replace(ACCOUNTS, 1, "annual_revenue", "1,5")},
        "accounts.csv, row 2, column 'annual_revenue': '1,5' is not a number"),
    "control character in an id": (
        {"accounts.csv": [["id", "name"], ["A\x1f9", "Tab Co"]]},
        "accounts.csv, row 2, column 'id': the value holds the control character '\\x1f' at character 2"),
    "share out of range": (
        {"accounts.csv": ACCOUNTS, "people.csv": _replace(PEOPLE, 1, "influence", "1.5")},
        "people.csv, row 2, column 'influence': '1.5' is out of range; use a number from 0 to 1"),
    "required value blank": (
        {"accounts.csv": _replace(ACCOUNTS, 1, "name", "")},
        "accounts.csv, row 2, column 'name': a value is required"),
    "file of unknown kind": (
        {"contacts-export.csv": ACCOUNTS},
        "contacts-export.csv: cannot tell what it holds; name it after its sheet"),
    "customer without account": (
        {"accounts.csv": ACCOUNTS, "people.csv": _replace(PEOPLE, 1, "account", "")},
        "people.csv, row 2, column 'account': a customer person needs the account they work at"),
    "knows in the wrong direction": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE, "relationships.csv": [RELATIONSHIPS[0], ["knows", "p1", "u1", ""]]},
        "relationships.csv, row 2, column 'from': knows goes from one of our people to a customer person"),
    "customer on our team": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE, "team.csv": [TEAM[0], ["A9", "p1", "KAM"]]},
        "team.csv, row 2, column 'person': 'p1' is a customer person; only our own people join an account team"),
    "left but active": (
        {"accounts.csv": ACCOUNTS, "people.csv": _replace(PEOPLE, 4, "active", "true")},
        "people.csv, row 5, column 'active': left_on is 2026-06-30 but active is true"),
    "not utf-8": (
        {"accounts.csv": "id,name\nA9,Caf\xe9 M\xfcller\n".encode("latin-1")},
        "accounts.csv: is not UTF-8 text"),
    "not a workbook": (
        {"book.xlsx": b"this is not a zip file"},
        "book.xlsx: is not a readable XLSX workbook"),
    "empty file": (
        {"accounts.csv": b""},
        "accounts.csv: the file is empty; it needs at least a header row"),
    "duplicate column": (
        {"accounts.csv": [["id", "name", "Name"], ["A9", "x", "y"]]},
        "accounts.csv, row 1, column 'name': column 'name' appears twice"),
    "self relationship": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE, "relationships.csv": [RELATIONSHIPS[0], ["influences", "p1", "p1", ""]]},
        "relationships.csv, row 2, column 'to': 'p1' is on both ends; a relationship joins two people"),
    "participant unknown": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE, "interactions.csv": _replace(INTERACTIONS, 1, "participants", "u1;nobody")},
        "interactions.csv, row 2, column 'participants': person 'nobody' is not in this import or the store"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_bad_input_is_refused_whole_and_the_store_is_unchanged(embedded, tmp_path, case):
    embedded.write(small_dataset())
    before = embedded.dump()
    files, expected = REFUSALS[case]
    directory = tmp_path / "in"
    directory.mkdir()
    for name, content in files.items():
        if isinstance(content, bytes):
            (directory / name).write_bytes(content)
        else:
            write_csv(directory, name, content)
    with pytest.raises(ValidationError) as refused:
        import_paths(embedded, [directory])
    assert expected in str(refused.value)
    assert embedded.dump() == before


def test_one_bad_file_keeps_the_good_files_out_too(embedded, tmp_path):
    good = write_csv(tmp_path / "a", "accounts.csv", ACCOUNTS)
    bad = write_csv(tmp_path / "b", "people.csv", _replace(PEOPLE, 1, "side", "partner"))
    with pytest.raises(ValidationError, match="'partner' is not a known side"):
        import_paths(embedded, [good, bad])
    assert embedded.accounts() == []


def test_every_problem_is_reported_not_just_the_first(embedded, tmp_path):
    rows = _replace(_replace(PEOPLE, 1, "level", "boss"), 2, "left_on", "yesterday")
    with pytest.raises(ValidationError) as refused:
        import_paths(embedded, [write_csv(tmp_path, "accounts.csv", ACCOUNTS), write_csv(tmp_path, "people.csv", rows)])
    assert [(p.origin.row, p.column) for p in refused.value.problems] == [(2, "level"), (3, "left_on")]


def test_a_missing_path_is_refused(embedded, tmp_path):
    with pytest.raises(ValidationError, match="no such file or directory"):
        import_paths(embedded, [tmp_path / "nope.csv"])

"""Every value an engine could refuse mid-write is refused at validation instead, naming file, row and column."""

from __future__ import annotations

import pytest
from conftest import small_dataset
from test_import import ACCOUNTS, INTERACTIONS, PEOPLE, _replace, good_files, write_csv

from kamgraph.importer import import_dataset, import_paths
from kamgraph.model import MAX_ID_LENGTH, MAX_NUMBER, MAX_TEXT_LENGTH, Account, Dataset, Person, ValidationError

CASES = {
    "NUL in a name": (
        {"accounts.csv": _replace(ACCOUNTS, 1, "name", "Nordic\x00Foods")},
        "accounts.csv, row 2, column 'name': the value holds the control character '\\x00' at character 7"),
    "NUL in an interaction's subject": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE, "interactions.csv": _replace(INTERACTIONS, 1, "subject", "a\x00")},
        "interactions.csv, row 2, column 'subject': the value holds the control character '\\x00'"),
    "escape character in a title": (
        {"accounts.csv": ACCOUNTS, "people.csv": _replace(PEOPLE, 1, "title", "CFO\x1b[31m")},
        "people.csv, row 2, column 'title': the value holds the control character '\\x1b' at character 4"),
    "control character in a participant id": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE, "interactions.csv": _replace(INTERACTIONS, 1, "participants", "u1;p\x071")},
        "interactions.csv, row 2, column 'participants': the value holds the control character '\\x07'"),
    "over-long text": (
        {"accounts.csv": _replace(ACCOUNTS, 1, "industry", "x" * (MAX_TEXT_LENGTH + 1))},
        f"accounts.csv, row 2, column 'industry': the value is {MAX_TEXT_LENGTH + 1:,} characters long; "
        f"the limit is {MAX_TEXT_LENGTH:,}"),
    "over-long id": (
        {"accounts.csv": _replace(ACCOUNTS, 1, "id", "A" * (MAX_ID_LENGTH + 1))},
        f"accounts.csv, row 2, column 'id': the value is {MAX_ID_LENGTH + 1:,} characters long"),
    "number beyond the limit": (
        {"accounts.csv": _replace(ACCOUNTS, 1, "annual_revenue", "1e16")},
        "accounts.csv, row 2, column 'annual_revenue': 1e+16 is out of range"),
    "relationship end named by its file column": (
        {"accounts.csv": ACCOUNTS, "people.csv": PEOPLE,
         "relationships.csv": [["type", "from", "to"], ["reports_to", "p2", "p1\x00"]]},
        "relationships.csv, row 2, column 'to': the value holds the control character '\\x00'"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_value_the_engine_would_refuse_is_refused_with_file_row_and_column(embedded, tmp_path, case):
    embedded.write(small_dataset())
    before = embedded.dump()
    files, expected = CASES[case]
    for name, rows in files.items():
        write_csv(tmp_path / "in", name, rows)
    with pytest.raises(ValidationError) as refused:
        import_paths(embedded, [tmp_path / "in"])
    assert expected in str(refused.value)
    assert embedded.dump() == before


def test_records_built_in_code_are_held_to_the_same_limits(embedded):
    data = Dataset(accounts=[Account("A1", "Broken \udcff encoding", annual_revenue=-MAX_NUMBER * 10)],
                   people=[Person("p\x00", "Nul", "customer", account="A1")])
    with pytest.raises(ValidationError) as refused:
        import_dataset(embedded, data)
    assert [(p.column, p.message.split(";")[0][:40]) for p in refused.value.problems] == [
        ("name", "the value holds '\\udcff' at character 8,"),
        ("annual_revenue", "-1e+16 is out of range"),
        ("id", "the value holds the control character '\\"),
    ]
    assert embedded.dump() == ([], [])


def test_text_within_the_limits_is_stored_verbatim(embedded, tmp_path):
    subject = "Line one\nline two\twith a tab, \\backslash, \"quotes\", 'single', ünïcödé, 🙂, and \u2028 end"
    rows = _replace(INTERACTIONS, 1, "subject", subject)
    good_files(tmp_path / "in")
    write_csv(tmp_path / "in", "interactions.csv", rows)
    write_csv(tmp_path / "in", "accounts.csv", _replace(ACCOUNTS, 1, "annual_revenue", str(MAX_NUMBER)))
    import_paths(embedded, [tmp_path / "in"])
    nodes, _ = embedded.dump()
    stored = {dict(props)["id"]: dict(props) for label, props in nodes}
    assert stored["m1"]["subject"] == subject
    assert stored["A9"]["annual_revenue"] == MAX_NUMBER

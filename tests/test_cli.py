"""The kamgraph command, driven through click's CliRunner; state is checked through the library afterwards."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_import import good_files

from kamgraph.cli import cli
from kamgraph.store import open_store


@pytest.fixture
def run(tmp_path):
    home = tmp_path / "store"

    def invoke(*args, **kwargs):
        return CliRunner().invoke(cli, ["--store", str(home), *args], catch_exceptions=False, **kwargs)

    invoke.home = home
    return invoke


def test_import_writes_the_files_and_prints_what_it_did(run, tmp_path):
    result = run("import", str(good_files(tmp_path / "in")))
    assert result.exit_code == 0, result.output
    assert "Read 12 records from 6 file(s)." in result.output
    assert "people" in result.output and "Created" in result.output
    with open_store(run.home) as store:
        assert [a["id"] for a in store.accounts()] == ["A9"]
        assert set(store.lookup("Person", ["p1", "p2", "u1", "u2"])) == {"p1", "p2", "u1", "u2"}


def test_import_check_writes_nothing(run, tmp_path):
    result = run("import", "--check", str(good_files(tmp_path / "in")))
    assert result.exit_code == 0 and "Nothing was written" in result.output
    with open_store(run.home) as store:
        assert store.accounts() == []


def test_a_refused_import_is_one_error_per_problem_exit_1_and_no_traceback(run, tmp_path):
    (tmp_path / "people.csv").write_text("id,name,side\np1,Ann,enemy\n", encoding="utf-8")
    result = run("import", str(tmp_path / "people.csv"))
    assert result.exit_code == 1
    assert result.output.startswith("Reading 1 path(s)…\nError: refused; nothing was written (1 problem):\n")
    assert "people.csv, row 2, column 'side': 'enemy' is not a known side" in result.output
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "--debug", "people", "nobody"])
    assert result.exit_code == 1
    assert result.exc_info[0].__name__ == "NotFound"


def test_template_writes_csv_templates_and_refuses_to_overwrite(run, tmp_path):
    result = run("template", str(tmp_path / "t"))
    assert result.exit_code == 0
    assert (tmp_path / "t" / "people.csv").read_text(encoding="utf-8").startswith("id,name,side,account")
    assert "## interactions" in (tmp_path / "t" / "README.md").read_text(encoding="utf-8")
    again = run("template", str(tmp_path / "t"))
    assert again.exit_code == 1 and "already exists" in again.output


def test_template_xlsx_writes_a_workbook(run, tmp_path):
    assert run("template", "--xlsx", str(tmp_path / "x")).exit_code == 0
    import openpyxl

    assert openpyxl.load_workbook(tmp_path / "x" / "kamgraph-import.xlsx").sheetnames[:2] == ["accounts", "people"]


def test_accounts_on_an_empty_store_says_how_to_begin(run):
    result = run("accounts")
    assert result.exit_code == 0 and "kamgraph demo" in result.output


def test_demo_loads_the_sample_and_writes_a_page(run, tmp_path):
    result = run("demo", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Northwind Retail Group" in result.output
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8").count('<section class="account"') == 4
    listed = json.loads(run("accounts", "--json").output)
    assert {a["id"] for a in listed} == {"ACC-NWR", "ACC-ALP", "ACC-KES", "ACC-BRA"}
    nwr = next(a for a in listed if a["id"] == "ACC-NWR")
    assert nwr["team"] == 10 and 95 <= nwr["contacts"] <= 110
    table = run("accounts").output
    assert table.splitlines()[0].split() == ["Id", "Name", "Industry", "Country", "Tier", "Contacts", "Team"]


def test_people_by_name_lists_contacts_then_team_and_json_has_ids(run, tmp_path):
    run("import", str(good_files(tmp_path / "in")))
    table = run("people", "Nordic Foods")
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[2].startswith("p1") and "economic_buyer" in lines[2]
    assert "left 2026-06-30" in table.output
    rows = json.loads(run("people", "A9", "--side", "supplier", "--json").output)
    assert [(r["id"], r["team_role"], r["active"]) for r in rows] == [("u2", "KAE", False), ("u1", "KAM", True)]


def test_people_of_an_unknown_account_is_a_clear_error(run):
    result = run("people", "Nobody Inc")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no account has the id or name 'Nobody Inc' (kamgraph accounts lists them)"


def test_init_reports_the_store(run):
    result = run("init")
    assert result.exit_code == 0 and str(run.home) in result.output


def test_an_unknown_store_scheme_is_refused(tmp_path):
    result = CliRunner().invoke(cli, ["--store", "http://example.com", "accounts"])
    assert result.exit_code == 1 and "'http://' is not a store kamgraph knows" in result.output


def test_neo4j_without_a_password_says_what_to_set(monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    result = CliRunner().invoke(cli, ["--store", "bolt://localhost:1", "accounts"])
    assert result.exit_code == 1 and "set NEO4J_PASSWORD" in result.output


def test_help_teaches_with_examples():
    result = CliRunner().invoke(cli, ["--help"])
    assert "kamgraph demo --out demo/" in result.output
    for command in ("init", "import", "template", "accounts", "people", "demo"):
        assert command in result.output
        assert "Example" in CliRunner().invoke(cli, [command, "--help"]).output


def test_every_command_and_group_has_an_example_in_its_help():
    import click

    def walk(command, path):
        yield path
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])

    paths = list(walk(cli, []))
    assert ["store"] in paths and ["person"] in paths and ["import", "salesforce"] in paths
    missing = [" ".join(p) for p in paths[1:] if "Example" not in CliRunner().invoke(cli, [*p, "--help"]).output]
    assert missing == []


def test_a_falkordb_server_is_a_store_too(falkordb_server, tmp_path):
    from test_import import good_files

    result = CliRunner().invoke(cli, ["--store", falkordb_server, "import", str(good_files(tmp_path / "in"))])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(cli, ["--store", falkordb_server, "accounts", "--json"])
    assert "A9" in [a["id"] for a in json.loads(listed.output)]


def test_an_unreachable_falkordb_server_is_a_clear_error():
    result = CliRunner().invoke(cli, ["--store", "falkordb://127.0.0.1:1", "accounts"])
    assert result.exit_code == 1 and "cannot reach FalkorDB at falkordb://127.0.0.1:1" in result.output


def test_a_page_that_cannot_be_written_is_a_clear_error_naming_the_path(run, tmp_path):
    assert run("import", str(good_files(tmp_path / "in"))).exit_code == 0
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    result = run("map", "A9", "-o", str(blocker / "map.html"))
    assert result.exit_code == 1
    assert f"cannot write {blocker / 'map.html'}" in result.output and "unexpected" not in result.output
    assert blocker.read_text() == "not a folder"

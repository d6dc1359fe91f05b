"""``import --sync``: the file is the whole truth for one account. What it removes and changes, that it
shows them and asks first, and that a refused sync leaves the store as it was."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import small_dataset

from kamgraph.cli import cli
from kamgraph.errors import KamgraphError
from kamgraph.importer import import_dataset
from kamgraph.model import ValidationError
from kamgraph.reports import changes_since, record_snapshot
from kamgraph.store import open_store
from kamgraph.sync import account_dataset, apply_sync, export_accounts, plan_sync


def _delete_rows(ws, match) -> int:
    rows = [r[0].row for r in ws.iter_rows(min_row=2) if match([c.value for c in r])]
    for row in reversed(rows):
        ws.delete_rows(row)
    return len(rows)


def _set(ws, match, column: str, value) -> None:
    col = [c.value for c in ws[1]].index(column)
    found = [r for r in ws.iter_rows(min_row=2) if match([c.value for c in r])]
    assert len(found) == 1
    found[0][col].value = value


def _append(ws, **values) -> None:
    header = [c.value for c in ws[1]]
    ws.append([values.get(name) for name in header])


def workshop_edits(path) -> None:
    """What a workshop does to the small dataset's account A1: each kind of removal, a change and an addition."""
    book = openpyxl.load_workbook(path)
    assert _delete_rows(book["roles"], lambda r: r[:3] == ["c2", "A1", "economic_buyer"]) == 1
    assert _delete_rows(book["relationships"], lambda r: r[:3] == ["reports_to", "c3", "c1"]) == 1
    assert _delete_rows(book["relationships"], lambda r: r[:3] == ["influences", "c3", "c2"]) == 1
    assert _delete_rows(book["team"], lambda r: r[:2] == ["A1", "s2"]) == 1
    assert _delete_rows(book["people"], lambda r: r[0] == "c3") == 1  # the departed contact
    _set(book["people"], lambda r: r[0] == "c1", "attitude", "supporter")
    _append(book["relationships"], type="influences", **{"from": "c1", "to": "c2"}, weight=0.6)
    book.save(path)


@pytest.fixture
def exported(embedded, tmp_path):
    import_dataset(embedded, small_dataset())
    return export_accounts(embedded, tmp_path / "a1.xlsx", "A1").paths[0]


def _edges(store) -> set[tuple[str, str, str]]:
    return {(s, t, d) for s, t, d, _ in store.dump()[1]}


def test_an_untouched_export_syncs_to_nothing(embedded, exported):
    plan = plan_sync(embedded, [exported], "A1")
    assert plan.changes == [] and plan.removals == {} and plan.gone == []


def test_a_sync_removes_a_role_a_reporting_line_an_influence_a_team_member_and_a_contact(embedded, exported):
    workshop_edits(exported)
    before_nodes = len(embedded.dump()[0])
    plan = plan_sync(embedded, [exported], "A1")
    shown = {(c.action, c.kind, c.record.split(" (")[0] if c.kind != "relationship" else c.record) for c in plan.changes}
    assert ("remove", "buying role", "山田 太郎") in shown
    assert ("remove", "team member", "Former Colleague") in shown
    assert ("mark gone", "contact", "Renée O'Brien") in shown
    assert ("remove", "relationship", "Renée O'Brien (c3) reports_to Zoë Łukasik (c1)") in shown
    assert ("add", "relationship", "Zoë Łukasik (c1) influences 山田 太郎 (c2)") in shown
    assert [c.detail for c in plan.changes if c.action == "change"] == ["attitude: champion → supporter"]
    assert plan.removal_count() == 5 and not plan.interactions_stated
    assert embedded.dump()[0] and len(embedded.dump()[0]) == before_nodes  # planning writes nothing

    apply_sync(embedded, plan)

    now = account_dataset(embedded, "A1")
    roles = {(r.person, r.role, r.opportunity) for r in now.roles}
    assert ("c2", "economic_buyer", None) not in roles
    assert ("c1", "champion", None) in roles and ("c1", "decision_maker", "o1") in roles
    edges = _edges(embedded)
    assert ("c3", "REPORTS_TO", "c1") not in edges and ("c1", "REPORTS_TO", "c2") in edges
    assert ("c3", "INFLUENCES", "c2") not in edges and ("c1", "INFLUENCES", "c2") in edges
    assert ("s2", "ON_TEAM", "A1") not in edges and ("s1", "ON_TEAM", "A1") in edges
    assert ("c3", "IN_CONFLICT_WITH", "c1") not in edges and ("c1", "IN_CONFLICT_WITH", "c3") in edges
    people = embedded.lookup("Person", ["c1", "c3", "s2"])
    assert people["c3"]["active"] is False and ("c3", "WORKS_AT", "A1") in edges  # gone, kept with history
    assert people["c1"]["attitude"] == "supporter" and "s2" in people
    # Interactions were not exported, so the sync leaves them all: s2's email to c2 is still there.
    assert ("s2", "PARTICIPATED_IN", "i2") in edges and ("c1", "PARTICIPATED_IN", "i1") in edges
    assert plan_sync(embedded, [exported], "A1").changes == []  # the store now matches the file


def test_a_sync_removes_roles_on_an_opportunity_and_interactions_only_when_they_were_exported(embedded, tmp_path):
    import_dataset(embedded, small_dataset())
    path = export_accounts(embedded, tmp_path / "csv", "A1", interactions=True).paths
    roles = tmp_path / "csv" / "roles.csv"
    roles.write_text("\n".join(line for line in roles.read_text(encoding="utf-8-sig").splitlines()
                               if "decision_maker" not in line) + "\n", encoding="utf-8")
    interactions = tmp_path / "csv" / "interactions.csv"
    interactions.write_text("\n".join(line for line in interactions.read_text(encoding="utf-8-sig").splitlines()
                                      if not line.startswith("i2,")) + "\n", encoding="utf-8")
    plan = plan_sync(embedded, path, "A1")
    assert plan.interactions_stated
    assert plan.removals == {"opportunity_roles": [{"person": "c1", "opportunity": "o1", "role": "decision_maker"}],
                             "interactions": [{"id": "i2"}]}
    summary = apply_sync(embedded, plan)
    assert summary.total("removed") == 2
    assert "i2" not in {props["id"] for label, props in
                        ((label, dict(p)) for label, p in embedded.dump()[0]) if label == "Interaction"}
    assert all(r.opportunity is None for r in account_dataset(embedded, "A1").roles)


def test_a_refused_sync_file_leaves_the_store_as_it_was(embedded, exported):
    workshop_edits(exported)
    book = openpyxl.load_workbook(exported)
    _set(book["people"], lambda r: r[0] == "c2", "attitude", "hostile")
    book.save(exported)
    before = embedded.dump()
    with pytest.raises(ValidationError, match="hostile"):
        plan_sync(embedded, [exported], "A1")
    assert embedded.dump() == before
    _set(book["people"], lambda r: r[0] == "c2", "attitude", "neutral")
    _delete_rows(book["accounts"], lambda r: r[0] == "A1")
    book.save(exported)
    with pytest.raises(KamgraphError, match="do not hold the account 'A1'"):
        plan_sync(embedded, [exported], "A1")
    assert embedded.dump() == before


def test_a_sync_is_refused_when_the_store_changed_after_it_was_planned(embedded, exported):
    workshop_edits(exported)
    plan = plan_sync(embedded, [exported], "A1")
    from kamgraph.model import Link
    import_dataset(embedded, __import__("kamgraph").Dataset(links=[Link("influences", "c2", "c1")]))
    before = embedded.dump()
    with pytest.raises(KamgraphError, match="the store changed since the sync was planned"):
        apply_sync(embedded, plan)
    assert embedded.dump() == before


def test_a_sync_is_refused_when_the_file_was_saved_again_after_it_was_planned(embedded, exported):
    workshop_edits(exported)
    plan = plan_sync(embedded, [exported], "A1")
    book = openpyxl.load_workbook(exported)
    _delete_rows(book["relationships"], lambda r: r[0] == "knows")
    book.save(exported)
    before = embedded.dump()
    with pytest.raises(KamgraphError, match="the file changed since the sync was planned"):
        apply_sync(embedded, plan)
    assert embedded.dump() == before


def test_a_synced_change_shows_in_diff_against_the_last_snapshot(embedded, exported):
    record_snapshot(embedded, "A1", as_of=dt.date(2026, 11, 1))
    workshop_edits(exported)
    apply_sync(embedded, plan_sync(embedded, [exported], "A1"))
    changes = changes_since(embedded, "A1", as_of=dt.date(2026, 11, 15))
    assert {"id": "c1", "name": "Zoë Łukasik", "side": "customer", "field": "attitude", "before": "champion",
            "after": "supporter"} in changes["changed"]
    assert [p["id"] for p in changes["left"]] == ["c3"]  # marked gone (s2, off the team, had already left)
    assert {(x["id"], x["field"]) for x in changes["changed"]} == {("c1", "attitude"), ("c2", "roles")}
    assert [(x["type"], x["source_name"], x["target"]) for x in changes["links_added"]] == [
        ("INFLUENCES", "Zoë Łukasik", "c2")]
    assert [(x["type"], x["source"], x["target"]) for x in changes["links_removed"]] == [
        ("INFLUENCES", "c3", "c2"), ("KNOWS", "s2", "c2"), ("REPORTS_TO", "c3", "c1")]  # s2 is off the team


# -- the command: table first, then the question ----------------------------------------------------


@pytest.fixture
def run(tmp_path):
    home = tmp_path / "store"
    with open_store(home) as store:
        import_dataset(store, small_dataset())

    def invoke(*args, **kwargs):
        return CliRunner().invoke(cli, ["--store", str(home), *args], catch_exceptions=False, **kwargs)

    invoke.home = home
    return invoke


def _dump(home):
    with open_store(home) as store:
        return store.dump()


def test_export_then_sync_asks_before_writing_and_no_writes_nothing(run, tmp_path):
    result = run("export", "A1", "-o", str(tmp_path / "a1.xlsx"))
    assert result.exit_code == 0, result.output
    assert "Exported 1 account: 5 people, 2 team memberships, 6 relationships, 3 buying roles" in result.output
    workshop_edits(tmp_path / "a1.xlsx")
    before = _dump(run.home)
    result = run("import", str(tmp_path / "a1.xlsx"), "--sync", "A1", input="n\n")
    assert result.exit_code == 0, result.output
    table, question = result.output.split("Apply these changes to the store?")
    assert "mark gone" in table and "Renée O'Brien (c3)" in table and "attitude: champion → supporter" in table
    assert "5 removal(s)" in table
    assert "Nothing was written." in question
    assert _dump(run.home) == before


def test_sync_writes_when_the_answer_is_yes(run, tmp_path):
    run("export", "A1", "-o", str(tmp_path / "a1.xlsx"))
    workshop_edits(tmp_path / "a1.xlsx")
    result = run("import", str(tmp_path / "a1.xlsx"), "--sync", "A1", input="y\n")
    assert result.exit_code == 0, result.output
    assert "Synced Ærø Handel GmbH (A1): 1 contact(s) marked gone, 4 record(s) removed." in result.output
    with open_store(run.home) as store:
        assert store.lookup("Person", ["c3"])["c3"]["active"] is False


def test_sync_with_yes_does_not_ask_and_dry_run_only_shows(run, tmp_path):
    run("export", "A1", "-o", str(tmp_path / "a1.xlsx"))
    workshop_edits(tmp_path / "a1.xlsx")
    before = _dump(run.home)
    shown = run("import", str(tmp_path / "a1.xlsx"), "--sync", "A1", "--dry-run")
    assert shown.exit_code == 0 and "Nothing was written (--dry-run)." in shown.output
    assert "Apply these changes" not in shown.output and "remove" in shown.output
    assert _dump(run.home) == before
    done = run("import", str(tmp_path / "a1.xlsx"), "--sync", "A1", "--yes")
    assert done.exit_code == 0 and "Apply these changes" not in done.output and "Synced" in done.output
    again = run("import", str(tmp_path / "a1.xlsx"), "--sync", "A1", "--yes")
    assert "the store already matches the file; nothing to do." in again.output


def test_sync_without_an_answer_writes_nothing_and_fails(run, tmp_path):
    run("export", "A1", "-o", str(tmp_path / "a1.xlsx"))
    workshop_edits(tmp_path / "a1.xlsx")
    before = _dump(run.home)
    result = run("import", str(tmp_path / "a1.xlsx"), "--sync", "A1")  # no input: nobody to ask
    assert result.exit_code == 1 and "Nothing was written." in result.output
    assert _dump(run.home) == before


def test_a_refused_sync_file_is_reported_and_the_store_is_unchanged(run, tmp_path):
    run("export", "A1", "-o", str(tmp_path / "a1.xlsx"))
    workshop_edits(tmp_path / "a1.xlsx")
    book = openpyxl.load_workbook(tmp_path / "a1.xlsx")
    _set(book["relationships"], lambda r: r[:3] == ["knows", "s1", "c1"], "level", "best friend")
    book.save(tmp_path / "a1.xlsx")
    before = _dump(run.home)
    result = run("import", str(tmp_path / "a1.xlsx"), "--sync", "A1", "--yes")
    assert result.exit_code == 1
    assert "a1.xlsx [relationships], row" in result.output and "column 'level'" in result.output
    assert "Traceback" not in result.output
    assert _dump(run.home) == before


def test_export_needs_an_account_or_portfolio(run, tmp_path):
    assert run("export", "-o", str(tmp_path / "x.xlsx")).exit_code == 2
    assert run("export", "A1", "--portfolio", "-o", str(tmp_path / "x.xlsx")).exit_code == 2
    result = run("export", "--portfolio", "--interactions", "-o", str(tmp_path / "all"))
    assert result.exit_code == 0 and "2 interactions" in result.output
    assert (tmp_path / "all" / "interactions.csv").exists()


def test_a_snapshot_recorded_before_links_and_more_fields_were_kept_shows_no_false_changes():
    from kamgraph.analysis.history import diff_states

    person = {"name": "C", "side": "customer", "title": "CFO", "department": "Finance", "attitude": "neutral",
              "active": True, "roles": []}
    old = {"as_of": "2026-01-01", "people": {"c": person}, "relationships": {}, "health": 50.0, "coverage": {}}
    new = {**old, "as_of": "2026-02-01", "people": {"c": {**person, "level": "executive", "team_role": None}},
           "links": {"INFLUENCES|c|d": {"type": "INFLUENCES", "source": "c", "target": "d", "props": {}}}}
    changes = diff_states(old, new)
    assert changes["changed"] == [] and changes["links_added"] == [] and changes["links_removed"] == []
    new["people"]["c"]["department"] = "Treasury"
    assert [(x["field"], x["before"], x["after"]) for x in diff_states(old, new)["changed"]] == [
        ("department", "Finance", "Treasury")]


def test_a_sync_of_an_account_not_yet_stored_imports_it(embedded, tmp_path):
    from kamgraph.io.export import write_export

    paths = write_export(small_dataset(), tmp_path / "new.xlsx", interactions=True)
    plan = plan_sync(embedded, paths, "Ærø Handel GmbH")
    assert plan.removals == {} and plan.gone == [] and {c.action for c in plan.changes} == {"add"}
    apply_sync(embedded, plan)
    assert plan_sync(embedded, paths, "A1").changes == []
    assert len(account_dataset(embedded, "A1", interactions=True).interactions) == 2


def test_the_table_shows_every_removal_and_a_screenful_of_additions(run, tmp_path, monkeypatch):
    from kamgraph.cli import export_commands

    monkeypatch.setattr(export_commands, "MAX_OTHER_ROWS", 2)
    run("export", "A1", "-o", str(tmp_path / "a1.xlsx"))
    workshop_edits(tmp_path / "a1.xlsx")
    book = openpyxl.load_workbook(tmp_path / "a1.xlsx")
    for n in range(3):
        _append(book["people"], id=f"new{n}", name=f"Neu {n}", side="customer", account="A1")
    book.save(tmp_path / "a1.xlsx")
    result = run("import", str(tmp_path / "a1.xlsx"), "--sync", "A1", "--dry-run")
    lines = result.output.splitlines()
    assert sum(line.startswith(("remove", "mark gone")) for line in lines) == 5
    assert sum(line.startswith(("add", "change")) for line in lines) == 2
    assert "… and 3 more addition(s) and change(s)." in result.output


@pytest.mark.parametrize("key", ["0015g00000AbCdE", "0015g00000AbCdEAAX", "northwind retail group", "NORTHWIND  RETAIL GROUP",
                                 "Nörthwind Retail Group"])
def test_a_sync_names_its_account_as_every_command_does_stored_or_not(embedded, tmp_path, key):
    from kamgraph.io.export import write_export
    from kamgraph.io.salesforce import id18
    from kamgraph.model import Account, Dataset, Person

    account = id18("0015g00000AbCdE")
    data = Dataset(accounts=[Account(account, "Northwind Retail Group")],
                   people=[Person("0035g00000XyZ12", "Zoë Łukasik", "customer", account)])
    paths = write_export(data, tmp_path / "nw.xlsx")
    plan = plan_sync(embedded, paths, key)  # not stored yet: found among the file's accounts
    assert plan.account["id"] == account and {c.action for c in plan.changes} == {"add"}
    apply_sync(embedded, plan)
    plan = plan_sync(embedded, paths, key)  # stored: found as every other command finds it
    assert plan.account["id"] == account and plan.changes == [] and plan.removal_count() == 0
    with pytest.raises(KamgraphError, match="do not hold the account 'Southwind'"):
        plan_sync(embedded, paths, "Southwind")


def test_a_sync_refuses_a_name_two_of_the_files_accounts_share(embedded, tmp_path):
    from kamgraph.io.export import write_export
    from kamgraph.model import Account, Dataset

    paths = write_export(Dataset(accounts=[Account("A1", "Acme"), Account("A2", "ACME")]), tmp_path / "two.xlsx")
    with pytest.raises(KamgraphError, match=r"2 accounts match 'acme': Acme \(A1\); ACME \(A2\)"):
        plan_sync(embedded, paths, "acme")

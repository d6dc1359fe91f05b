"""Exporting accounts in kamgraph's own format: importing the untouched file changes nothing, and the
workbook is ready to edit (frozen header, sized columns, drop-downs, dates as dates, no live formulas)."""

from __future__ import annotations

import csv
import datetime as dt
import string

import openpyxl
import pytest
from conftest import small_dataset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgraph import model
from kamgraph.importer import import_dataset, import_paths
from kamgraph.io import SHEETS, read_paths
from kamgraph.io.export import DROP_DOWNS, ExportError, write_export
from kamgraph.model import Account, BuyingRole, Dataset, Interaction, Link, Opportunity, Person, TeamMember
from kamgraph.sample import sample_portfolio
from kamgraph.sync import account_dataset, apply_sync, export_accounts


def _changed(summary) -> int:
    return summary.total("created") + summary.total("updated")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from kamgraph.store import open_store

    store = open_store(tmp_path_factory.mktemp("demo") / "store")
    import_dataset(store, sample_portfolio(dt.date(2026, 11, 1)))
    yield store
    store.close()


@pytest.mark.parametrize("target,options", [
    ("northwind.xlsx", {"account": "Northwind Retail Group"}),
    ("northwind", {"account": "ACC-NWR", "interactions": True}),
    ("portfolio.xlsx", {"interactions": True}),
    ("portfolio", {}),
])
def test_importing_an_untouched_export_of_the_demo_changes_nothing(demo_store, tmp_path, target, options):
    before = demo_store.dump()
    report = export_accounts(demo_store, tmp_path / target, **options)
    assert report.records["people"] > 100 and report.records["links"] > 100
    assert (report.records["interactions"] > 400) == bool(options.get("interactions"))
    imported = import_paths(demo_store, report.paths)
    assert imported.warnings == []
    assert _changed(imported.summary) == 0 and imported.summary.total("unchanged") == sum(report.records.values()) + (
        imported.summary.counts.get("participants", {}).get("unchanged", 0))
    assert demo_store.dump() == before


def test_an_export_reads_back_as_the_records_the_store_holds(demo_store, tmp_path):
    stored = account_dataset(demo_store, "ACC-NWR", interactions=True)
    paths = export_accounts(demo_store, tmp_path / "nw.xlsx", "ACC-NWR", interactions=True).paths
    read = read_paths(paths).data
    def key(record) -> tuple:
        return tuple(sorted(model.properties(record).items(), key=str))

    for kind in stored.record_lists():
        assert sorted(map(key, getattr(read, kind)), key=str) == sorted(map(key, getattr(stored, kind)), key=str), kind


# -- property-generated accounts -------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), min_size=1, max_size=12).map(str.strip).filter(bool)
# Text a spreadsheet would misread: formulas, numbers, dates, booleans, NA markers, apostrophes.
TRICKY = st.sampled_from(["=1+1", "+49 30 1234", "-VP-", "@sum(A1)", "'=quoted", "''", "007", "1e5", "2026-01-02",
                          "TRUE", "NA", "null", "N/A", "#REF!", "Ærø; Ünïcødé", "山田", "a\nb", "  x"])
WORDS = st.one_of(TEXT, TRICKY.map(str.strip).filter(bool))
IDS = st.text(string.ascii_letters + string.digits + "-_.=+@' Øé", min_size=1, max_size=8).map(str.strip).filter(bool)
DATES = st.dates(dt.date(1901, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
# FalkorDB hands doubles back with 15 significant digits (so does a spreadsheet): what a store can return.
NUMBERS = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15).map(lambda x: float(f"{x:.15g}"))
SHARES = st.floats(0, 1).map(lambda x: float(f"{x:.15g}"))


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


def _written(value: str):
    """How a person may have written a vocabulary value (normalising keeps the text as written)."""
    return st.sampled_from([None, value.replace("_", " ").title(), value.upper()])


@st.composite
def accounts(draw) -> Dataset:
    ids = draw(st.lists(IDS, min_size=4, max_size=14, unique=True))
    account_id, ids = ids[0], ids[1:]
    n_customers = draw(st.integers(1, len(ids) - 1))
    customers, suppliers = ids[:n_customers], ids[n_customers:]
    data = Dataset(accounts=[Account(account_id, draw(WORDS), draw(_maybe(WORDS)), draw(_maybe(WORDS)),
                                     draw(_maybe(NUMBERS)), draw(_maybe(WORDS)), draw(_maybe(SHARES)),
                                     draw(_maybe(SHARES)), draw(_maybe(SHARES)))])
    for pid in customers + suppliers:
        customer = pid in customers
        attitude = draw(_maybe(st.sampled_from(model.ATTITUDES))) if customer else None
        left_on = draw(_maybe(DATES))
        level = draw(_maybe(st.sampled_from(model.LEVELS)))
        data.people.append(Person(
            pid, draw(WORDS), "customer" if customer else "supplier", account_id if customer else None,
            title=draw(_maybe(WORDS)), email=draw(_maybe(WORDS)), department=draw(_maybe(WORDS)), level=level,
            level_written=draw(_written(level)) if level else None, active=left_on is None and draw(st.booleans()),
            left_on=left_on, attitude=attitude, attitude_source=draw(_written(attitude)) if attitude else None,
            influence=draw(_maybe(SHARES)) if customer else None))
    data.team = [TeamMember(account_id, pid, draw(WORDS), draw(_maybe(DATES))) for pid in suppliers]
    pairs = draw(st.lists(st.tuples(st.sampled_from(customers + suppliers), st.sampled_from(customers + suppliers),
                                    st.sampled_from(tuple(model.LINK_TYPES))), max_size=12))
    seen = set()
    for source, target, kind in pairs:
        if kind == "knows":
            source, target = (source, target) if source in suppliers else (target, source)
            if source not in suppliers or target not in customers:
                continue
        if source == target or (kind == "reports_to" and (source in customers) != (target in customers)):
            continue
        if (kind, source, target) in seen:
            continue
        seen.add((kind, source, target))
        level = draw(_maybe(st.sampled_from(model.RELATIONSHIP_LEVELS))) if kind == "knows" else None
        data.links.append(Link(kind, source, target, level, draw(_written(level)) if level else None,
                               draw(_maybe(SHARES)) if kind == "influences" else None, draw(_maybe(DATES))))
    opportunities = draw(st.lists(IDS.map(lambda x: "o-" + x), max_size=2, unique=True))
    data.opportunities = [Opportunity(o, account_id, draw(WORDS), draw(_maybe(WORDS)), draw(_maybe(NUMBERS)),
                                      draw(_maybe(DATES)), draw(_maybe(st.booleans()))) for o in opportunities]
    for pid in customers:
        for role in draw(st.lists(st.sampled_from(model.BUYING_ROLES), max_size=2, unique=True)):
            data.roles.append(BuyingRole(pid, account_id, role, draw(_written(role)),
                                         draw(_maybe(st.sampled_from(opportunities))) if opportunities else None))
    data.roles = list({(r.person, r.role, r.opportunity): r for r in data.roles}.values())
    for n in range(draw(st.integers(0, 3))):
        people = draw(st.lists(st.sampled_from(customers + suppliers), min_size=1, max_size=4, unique=True))
        data.interactions.append(Interaction(f"i{n}-{account_id}", draw(st.sampled_from(model.INTERACTION_KINDS)),
                                             draw(DATES), account_id, tuple(people), draw(_maybe(WORDS))))
    return data


def _wipe(store) -> None:
    try:
        store._client.execute_command("GRAPH.DELETE", "kamgraph")
    except Exception:  # noqa: BLE001 - nothing written yet
        pass
    store._schema_ready = False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=accounts(), fmt=st.sampled_from(["xlsx", "csv"]))
def test_importing_an_untouched_export_of_a_generated_account_changes_nothing(embedded, tmp_path_factory, data, fmt):
    _wipe(embedded)
    import_dataset(embedded, data)
    before = embedded.dump()
    out = tmp_path_factory.mktemp("export") / ("account.xlsx" if fmt == "xlsx" else "account")
    paths = export_accounts(embedded, out, data.accounts[0].id, interactions=True).paths
    imported = import_paths(embedded, paths)
    assert _changed(imported.summary) == 0
    assert embedded.dump() == before


# -- the workbook a workshop edits -------------------------------------------------------------------


@pytest.fixture
def workbook(embedded, tmp_path):
    data = small_dataset()
    data.people[2] = Person("c3", "=HYPERLINK(\"http://x.example\")", "customer", account="A1", title="+1 555",
                            level="staff", attitude="blocker", attitude_source="Detractor")
    import_dataset(embedded, data)
    path = export_accounts(embedded, tmp_path / "a1.xlsx", "A1", interactions=True).paths[0]
    return openpyxl.load_workbook(path)


def test_every_vocabulary_column_has_a_drop_down_list(workbook):
    checked = 0
    for sheet in SHEETS.values():
        ws = workbook[sheet.name]
        lists = {}
        for check in ws.data_validations.dataValidation:
            for ref in str(check.sqref).split():
                lists[ref.split(":")[0].rstrip("0123456789")] = check
        for col, column in enumerate(sheet.columns, start=1):
            allowed = DROP_DOWNS.get(column.parse)
            if allowed is None:
                continue
            letter = openpyxl.utils.get_column_letter(col)
            check = lists[letter]
            assert check.type == "list" and check.formula1 == '"' + ",".join(allowed) + '"', (sheet.name, column.name)
            assert check.showErrorMessage and str(check.sqref).startswith(f"{letter}2:")
            checked += 1
    # side, level, attitude, active; type, level; won; role; kind
    assert checked == 9
    assert ",".join(model.BUYING_ROLES) in workbook["roles"].data_validations.dataValidation[0].formula1


def test_the_header_is_frozen_columns_are_sized_and_dates_are_dates(workbook):
    for sheet in SHEETS.values():
        ws = workbook[sheet.name]
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]] == [c.name for c in sheet.columns]
        assert all(ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width >= len(c.name)
                   for i, c in enumerate(sheet.columns, start=1))
    team = workbook["team"]
    assert team["D2"].value == dt.datetime(2024, 1, 1) and team["D2"].is_date
    assert workbook["interactions"]["B2"].is_date
    people = workbook["people"]
    assert people.column_dimensions["B"].width >= len("Søren Kierkegaard")


def test_text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(workbook, embedded, tmp_path):
    people = {row[0].value: row for row in workbook["people"].iter_rows(min_row=2)}
    name, title = people["c3"][1], people["c3"][4]
    assert name.value.startswith("=HYPERLINK") and name.data_type == "s" and name.quotePrefix
    assert title.value == "+1 555" and title.data_type == "s" and title.quotePrefix
    header = [c.value for c in workbook["people"][1]]
    attitude = people["c3"][header.index("attitude")].value, people["c3"][header.index("attitude_source")].value
    assert attitude == ("blocker", "Detractor")  # the normal form fits the drop-down; the text as written beside it
    # The CSV export quotes it with an apostrophe, which the reader drops again.
    paths = write_export(account_dataset(embedded, "A1"), tmp_path / "csv")
    rows = list(csv.reader(open(tmp_path / "csv" / "people.csv", encoding="utf-8-sig")))
    assert "'=HYPERLINK(\"http://x.example\")" in [r[1] for r in rows]
    assert {p.name for p in read_paths(paths).data.people} >= {"=HYPERLINK(\"http://x.example\")"}


def test_an_export_refuses_to_overwrite_unless_forced(embedded, tmp_path):
    import_dataset(embedded, small_dataset())
    export_accounts(embedded, tmp_path / "a.xlsx", "A1")
    with pytest.raises(ExportError, match="already exists"):
        export_accounts(embedded, tmp_path / "a.xlsx", "A1")
    export_accounts(embedded, tmp_path / "a.xlsx", "A1", overwrite=True)


def test_a_number_with_more_digits_than_a_spreadsheet_keeps_is_written_as_text(tmp_path):
    data = small_dataset()
    data.accounts[0] = Account("A1", "Ærø Handel GmbH", annual_revenue=0.1 + 0.2)
    path = write_export(data, tmp_path / "a.xlsx")[0]
    assert openpyxl.load_workbook(path)["accounts"]["E2"].value == repr(0.1 + 0.2)
    assert read_paths([path]).data.accounts[0].annual_revenue == 0.1 + 0.2


def _read_roles(tmp_path, rows):
    path = tmp_path / "roles.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["person", "account", "role", "role_source"], *rows])
    return [(r.role, r.role_source) for r in read_paths([path]).data.roles]


def test_the_text_as_written_is_kept_unless_the_value_was_changed_since(tmp_path):
    assert _read_roles(tmp_path, [
        ["c1", "A1", "champion", "Coach"],            # as exported: kept
        ["c2", "A1", "other", "Procurement Lead"],    # a CRM's custom role: kept with it
        ["c3", "A1", "evaluator", "Coach"],           # changed from champion in the drop-down: the old text goes
        ["c4", "A1", "Budget holder", "Coach"],       # the role cell written another way: that text wins
        ["c5", "A1", "user", "user"],
    ]) == [("champion", "Coach"), ("other", "Procurement Lead"), ("evaluator", None),
           ("economic_buyer", "Budget holder"), ("user", None)]


@pytest.mark.parametrize("target", ["sf.xlsx", "sf"])
def test_importing_an_untouched_export_of_a_salesforce_import_changes_nothing(embedded, tmp_path, target):
    from test_salesforce import export

    from kamgraph.importer import import_salesforce

    export(tmp_path / "sf", cfo_role="Procurement Lead")  # a custom role: kept as written, mapped to other
    import_salesforce(embedded, tmp_path / "sf")
    before = embedded.dump()
    assert ("role_source", "Procurement Lead") in {kv for _, t, _, props in before[1] if t == "HAS_ROLE" for kv in props}
    paths = export_accounts(embedded, tmp_path / "out" / target, interactions=True).paths
    imported = import_paths(embedded, paths)
    assert _changed(imported.summary) == 0 and imported.warnings == []
    assert embedded.dump() == before


@pytest.mark.parametrize("target", ["sf.xlsx", "sf"])
def test_an_export_of_a_salesforce_account_in_two_currencies_round_trips_with_its_conversions(embedded, tmp_path, target):
    from test_salesforce import ACC, OPEN, WON, export, write

    from kamgraph.importer import import_salesforce
    from kamgraph.io.salesforce import id18
    from kamgraph.reports import portfolio
    from kamgraph.sync import plan_sync

    directory = export(tmp_path / "sf")
    write(directory, "Account", ["Id", "Name", "Industry", "AnnualRevenue", "CurrencyIsoCode", "BillingCountry"],
          [[id18(ACC), "Ærø Trading A/S", "Retail", "2500000.5", "EUR", "Denmark"]])
    write(directory, "Opportunity", ["Id", "AccountId", "Name", "StageName", "Amount", "CurrencyIsoCode", "CloseDate",
                                     "IsClosed", "IsWon"],
          [[WON, ACC, "Rahmenvertrag", "Closed Won", "120000", "EUR", "2026-06-30", "true", "true"],
           [OPEN, ACC, "Expansión", "Negotiation", "2400000", "MXN", "2026-12-31", "false", "false"]])
    write(directory, "CurrencyType", ["IsoCode", "ConversionRate", "IsCorporate"],
          [["USD", "1", "true"], ["EUR", "0.95", "false"], ["MXN", "17.3", "false"]])
    import_salesforce(embedded, directory)
    before = embedded.dump()
    opportunities = {o.id: o for o in account_dataset(embedded, id18(ACC)).opportunities}
    assert (opportunities[id18(WON)].converted_amount, opportunities[id18(WON)].converted_currency) == (126315.79, "USD")
    assert opportunities[id18(OPEN)].converted_currency == "USD" and opportunities[id18(OPEN)].currency == "MXN"
    revenue_before = portfolio(embedded)

    paths = export_accounts(embedded, tmp_path / "out" / target, id18(ACC), interactions=True).paths
    plan = plan_sync(embedded, paths, ACC)  # the 15-character id names the stored 18-character one
    assert plan.changes == [] and plan.removal_count() == 0
    imported = import_paths(embedded, paths)
    assert _changed(imported.summary) == 0 and imported.warnings == []
    assert embedded.dump() == before
    apply_sync(embedded, plan)
    assert embedded.dump() == before and portfolio(embedded) == revenue_before

"""Salesforce exports as they really come: encodings, Excel-saved values, the all-zero id, several
currencies, every activity, 15-character ids and names typed without accents.

Every export here is written by the test, in the encoding and with the values a real one has.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kamgraph.errors import KamgraphError, NotFound
from kamgraph.importer import import_salesforce
from kamgraph.io.salesforce import NONE_ID, id18, read_salesforce
from kamgraph.model import ValidationError
from kamgraph.reports import portfolio
from kamgraph.snapshot import load_snapshot, resolve_person


def sid(prefix: str, n: int) -> str:
    """A 15-character id with upper- and lower-case letters, so that its 18-character form differs."""
    return f"{prefix}8a{n:03d}026k7Hj"


A_MX, A_CO, A_US, A_PE = (sid("001", n) for n in range(1, 5))
C_MX, C_CO, C_US, C_PE, C_BOSS = (sid("003", n) for n in range(1, 6))
KAM, REP = sid("005", 1), sid("005", 2)
QUEUE = sid("00G", 1)
O_MX1, O_MX2, O_CO, O_US, O_PE, O_OPEN, O_LOST = (sid("006", n) for n in range(1, 8))


def write(directory: Path, name: str, header: list[str], rows: list[list[str]], encoding: str = "utf-8",
          delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter).writerows([header, *rows])
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def latam_export(directory: Path, *, encoding="utf-8", rates=True, dated=False, users=True, booleans=("true", "false"),
                 dates=lambda iso: iso) -> Path:
    """A multi-currency org: MXN, COP, USD (corporate) and PEN, with accented names."""
    yes, no = booleans
    write(directory, "Account", ["Id", "Name", "Industry", "BillingCountry", "AnnualRevenue", "CurrencyIsoCode",
                                 "OwnerId", "IsDeleted"],
          [[id18(A_MX), "Distribuidora Peñalolén S.A. de C.V.", "Retail", "México", "900000000", "MXN", KAM, no],
           [id18(A_CO), "Café Güeño S.A.S.", "Alimentos", "Colombia", "5000000000", "COP", KAM, no],
           [id18(A_US), "Açaí Brands Inc.", "Food", "United States", "20000000", "USD", REP, no],
           [id18(A_PE), "Minera Ñandú S.A.C.", "Minería", "Perú", "", "PEN", REP, no]], encoding)
    write(directory, "Contact", ["Id", "AccountId", "FirstName", "LastName", "Title", "Email", "ReportsToId", "IsDeleted"],
          [[C_MX, A_MX, "José", "Muñoz Peña", "Director de Compras", "jose@penalolen.example", C_BOSS, no],
           [C_BOSS, A_MX, "María", "Ibáñez", "Directora General", "", NONE_ID, no],
           [C_CO, A_CO, "João", "Gonçalves", "Gerente de Operações", "joao@gueno.example", "", no],
           [C_US, A_US, "Zoë", "Brontë", "VP Procurement", "", NONE_ID, no],
           [C_PE, A_PE, "Ñusta", "Quispe", "Jefa de Logística", "", "", no]], encoding)
    if users:
        write(directory, "User", ["Id", "FirstName", "LastName", "IsActive", "ManagerId"],
              [[KAM, "Inês", "Conceição", yes, NONE_ID], [REP, "Ramón", "Núñez", yes, KAM]], encoding)
    write(directory, "Opportunity", ["Id", "AccountId", "Name", "StageName", "Amount", "CurrencyIsoCode", "CloseDate",
                                     "IsClosed", "IsWon"],
          [[O_MX1, A_MX, "Contrato marco 2024", "Closed Won", "1700000", "MXN", dates("2024-03-15"), yes, yes],
           [O_MX2, A_MX, "Ampliación", "Closed Won", "374000", "MXN", dates("2024-09-10"), yes, yes],
           [O_CO, A_CO, "Suministro café", "Closed Won", "120000000", "COP", dates("2024-05-20"), yes, yes],
           [O_US, A_US, "Açaí supply", "Closed Won", "50000", "USD", dates("2024-02-13"), yes, yes],
           [O_PE, A_PE, "Transporte Perú", "Closed Won", "37500", "PEN", dates("2024-11-30"), yes, yes],
           [O_OPEN, A_CO, "Renovación", "Negotiation", "900000000", "COP", dates("2025-06-30"), no, no],
           [O_LOST, A_US, "Lost bid", "Closed Lost", "999999", "USD", dates("2024-01-31"), yes, no]], encoding)
    if rates:
        write(directory, "CurrencyType", ["Id", "IsoCode", "ConversionRate", "DecimalPlaces", "IsActive", "IsCorporate"],
              [[sid("01L", 1), "USD", "1.0", "2", yes, yes], [sid("01L", 2), "MXN", "17.0", "2", yes, no],
               [sid("01L", 3), "COP", "4000.0", "2", yes, no], [sid("01L", 4), "PEN", "3.75", "2", yes, no]], encoding)
    if dated:
        write(directory, "DatedConversionRate", ["Id", "IsoCode", "ConversionRate", "StartDate", "NextStartDate"],
              [[sid("04w", 1), "MXN", "17.0", dates("2024-01-01"), dates("2024-07-01")],
               [sid("04w", 2), "MXN", "20.0", dates("2024-07-01"), ""],
               [sid("04w", 3), "COP", "5000.0", dates("2024-01-01"), ""]], encoding)
    return directory


def refused(store, directory: Path, match: str, **options) -> ValidationError:
    """The import is refused with ``match`` in its message and leaves the store as it was."""
    before = store.dump()
    with pytest.raises(ValidationError, match=match) as caught:
        import_salesforce(store, directory, **options)
    assert store.dump() == before
    return caught.value


@pytest.fixture
def stocked(embedded, tmp_path):
    """A store holding the multi-currency org already, so that a refusal has something to leave unchanged."""
    import_salesforce(embedded, latam_export(tmp_path / "first"))
    return embedded


# --- encodings -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "reported"), [
    ("latin-1", "Windows-1252 (ISO-8859-1)"),
    ("cp1252", "Windows-1252 (ISO-8859-1)"),
    ("utf-16", "UTF-16"),
    ("utf-8-sig", "UTF-8 with BOM"),
    ("utf-8", "UTF-8"),
])
def test_each_file_is_read_in_the_encoding_it_has(tmp_path, encoding, reported):
    directory = latam_export(tmp_path / "x", encoding=encoding)
    if encoding == "cp1252":  # the euro sign exists in Windows-1252 but not in ISO-8859-1
        write(directory, "Account", ["Id", "Name", "OwnerId"],
              [[A_MX, "Distribuidora Peñalolén €", KAM], [A_CO, "Café Güeño", KAM], [A_US, "Açaí", REP],
               [A_PE, "Ñandú", REP]], encoding)
    read = read_salesforce(directory)
    accented = ("Account.csv", "Contact.csv", "User.csv", "Opportunity.csv")
    assert {read.encodings[f] for f in accented} == {reported}
    # a file of plain ASCII (CurrencyType.csv) reads the same in all of them, and is read as UTF-8 unless marked
    assert read.encodings["CurrencyType.csv"] == (reported if encoding in ("utf-16", "utf-8-sig") else "UTF-8")
    names = {p.id: p.name for p in read.data.people}
    assert names[id18(C_MX)] == "José Muñoz Peña" and names[id18(C_CO)] == "João Gonçalves"
    assert names[id18(C_PE)] == "Ñusta Quispe" and names[id18(KAM)] == "Inês Conceição"
    accounts = {a.id: a.name for a in read.data.accounts}
    assert accounts[id18(A_MX)].startswith("Distribuidora Peñalolén")
    assert accounts[id18(A_MX)].endswith("€") == (encoding == "cp1252")


def test_excel_unicode_text_is_utf16_and_tab_separated(tmp_path):
    directory = latam_export(tmp_path / "x")
    write(directory, "Contact", ["Id", "AccountId", "FirstName", "LastName", "Title"],
          [[C_MX, A_MX, "José", "Muñoz", "Director, Compras"]], "utf-16", delimiter="\t")
    read = read_salesforce(directory)
    assert (read.encodings["Contact.csv"], read.layouts["Contact.csv"]) == ("UTF-16", "tab-separated")
    assert [(p.name, p.title) for p in read.data.people if p.side == "customer"] == [("José Muñoz", "Director, Compras")]


def test_files_of_one_export_may_each_have_their_own_encoding(tmp_path):
    directory = latam_export(tmp_path / "x", encoding="latin-1")
    write(directory, "Contact", ["Id", "AccountId", "FirstName", "LastName"], [[C_MX, A_MX, "José", "Muñoz"]], "utf-16")
    read = read_salesforce(directory)
    assert read.encodings["Contact.csv"] == "UTF-16" and read.encodings["Account.csv"] == "Windows-1252 (ISO-8859-1)"
    assert {p.name for p in read.data.people if p.side == "customer"} == {"José Muñoz"}


def test_binary_garbage_is_refused_whole_and_the_store_is_unchanged(stocked, tmp_path):
    directory = latam_export(tmp_path / "x")
    (directory / "Contact.csv").write_bytes(b"Id,AccountId,LastName\r\n" + bytes(range(256)) * 3)
    refused(stocked, directory, r"Contact.csv: is not text: it holds a NUL byte \(byte 23\)")
    (directory / "Contact.csv").write_bytes(b"Id,AccountId,LastName\r\n\x81\x8d\x8f\x90\x9d")
    refused(stocked, directory, "Contact.csv: is neither UTF-8 nor Windows-1252/ISO-8859-1 text .*--encoding")
    (directory / "Contact.csv").write_bytes(b"Id,AccountId,LastName\r\n\x1b[31m,x,y")
    refused(stocked, directory, "Contact.csv: is not text: read as UTF-8 it holds the control character U\\+001B")


def test_encoding_forces_one_and_a_wrong_one_is_refused(stocked, tmp_path):
    directory = latam_export(tmp_path / "x", encoding="latin-1")
    read = read_salesforce(directory, encoding="latin-1")
    assert set(read.encodings.values()) == {"latin-1"}
    assert {p.name for p in read.data.people} >= {"José Muñoz Peña"}
    refused(stocked, directory, r"Account.csv: is not utf-8 text \(byte \d+\); check --encoding", encoding="utf-8")
    refused(stocked, directory, "'klingon' is not an encoding Python knows", encoding="klingon")


# --- values as Excel and Data Loader write them ---------------------------------------------------------


def test_an_excel_saved_export_without_user_csv_is_read(tmp_path):
    """Excel's CSV: Windows-1252, TRUE/FALSE, month-first M/D/YYYY dates, and no User.csv."""
    def us(iso):
        y, m, d = iso.split("-")
        return f"{int(m)}/{int(d)}/{y}"

    directory = latam_export(tmp_path / "x", encoding="cp1252", users=False, booleans=("TRUE", "FALSE"), dates=us)
    read = read_salesforce(directory)
    assert read.date_orders["Opportunity.csv"] == "month-first (settled by '3/15/2024')"
    opps = {o.id: o for o in read.data.opportunities}
    assert opps[id18(O_MX2)].close_date == "2024-09-10" and opps[id18(O_MX2)].won is True
    assert opps[id18(O_LOST)].won is False and opps[id18(O_OPEN)].won is None
    # no User.csv: the owners are kept, known by id, and the summary says so
    ours = {p.id: p for p in read.data.people if p.side == "supplier"}
    assert ours[id18(KAM)].name == f"User {id18(KAM)}"
    assert read.kept["Account: user not in User.csv (kept, known by id)"] == 4
    assert sorted((t.account, t.role) for t in read.data.team) == sorted(
        (id18(a), "Account Owner") for a in (A_MX, A_CO, A_US, A_PE))


def test_excel_in_a_decimal_comma_locale_writes_semicolons_and_is_read_so(embedded, tmp_path):
    directory = latam_export(tmp_path / "x")
    write(directory, "Opportunity", ["Id", "AccountId", "Name", "Amount", "CurrencyIsoCode", "CloseDate", "IsClosed",
                                     "IsWon"],
          [[O_MX1, A_MX, "Contrato marco; 2024", "1.700.000,00", "MXN", "15/03/2024", "VERDADERO", "VERDADERO"],
           [O_US, A_US, "Açaí supply", "50.000,50", "USD", "13/02/2024", "VERDADEIRO", "FALSO"]],
          "cp1252", delimiter=";")
    write(directory, "CurrencyType", ["IsoCode", "ConversionRate", "IsCorporate"],
          [["USD", "1", "1"], ["MXN", "17,0", "0"], ["COP", "4000", "0"], ["PEN", "3,75", "0"]], delimiter=";")
    read = read_salesforce(directory)
    assert read.layouts == {"Opportunity.csv": "semicolon-separated, decimal comma",
                            "CurrencyType.csv": "semicolon-separated, decimal comma"}
    opps = {o.id: o for o in read.data.opportunities}
    assert (opps[id18(O_MX1)].name, opps[id18(O_MX1)].amount) == ("Contrato marco; 2024", 1700000.0)
    assert opps[id18(O_MX1)].converted_amount == 100000.0 and opps[id18(O_US)].amount == 50000.5
    assert (opps[id18(O_MX1)].won, opps[id18(O_US)].won) == (True, False)  # Excel's Spanish and Portuguese booleans
    write(directory, "Opportunity", ["Id", "AccountId", "Name", "Amount"], [[O_MX1, A_MX, "x", "1,700,000.00"]],
          delimiter=";")
    refused(embedded, directory, "Opportunity.csv, row 2, column 'Amount': '1,700,000.00' is not a number "
                                 r"\(in this semicolon-separated file: 1.234,5\)")


def test_day_first_dates_are_settled_per_file(tmp_path):
    directory = latam_export(tmp_path / "x")
    write(directory, "Opportunity", ["Id", "AccountId", "Name", "CloseDate", "IsClosed", "IsWon"],
          [[O_MX1, A_MX, "a", "02/03/24", "1", "1"], [O_MX2, A_MX, "b", "25/03/24", "0", "0"]])
    write(directory, "Task", ["Id", "WhoId", "OwnerId", "ActivityDate"],
          [[sid("00T", 1), C_MX, KAM, "02/03/2024"], [sid("00T", 2), C_MX, KAM, "12/31/2024"]])
    read = read_salesforce(directory)
    assert read.date_orders["Opportunity.csv"] == "day-first (settled by '25/03/24')"
    assert read.date_orders["Task.csv"] == "month-first (settled by '12/31/2024')"
    assert {o.id: o.close_date for o in read.data.opportunities} == {id18(O_MX1): "2024-03-02",
                                                                     id18(O_MX2): "2024-03-25"}
    assert {i.id: i.date for i in read.data.interactions} == {id18(sid("00T", 1)): "2024-02-03",
                                                             id18(sid("00T", 2)): "2024-12-31"}
    assert {o.id: o.won for o in read.data.opportunities} == {id18(O_MX1): True, id18(O_MX2): None}


def test_a_file_whose_dates_settle_nothing_is_refused_until_the_order_is_named(stocked, tmp_path):
    directory = latam_export(tmp_path / "x")
    write(directory, "Opportunity", ["Id", "AccountId", "Name", "CloseDate", "IsClosed", "IsWon"],
          [[O_MX1, A_MX, "a", "02/03/24", "1", "1"], [O_MX2, A_MX, "b", "04/05/24", "1", "1"]])
    refused(stocked, directory, "Opportunity.csv: its dates, such as '02/03/24', could be day-first or month-first "
                                "and no date in it settles which; name the order with --date-order dmy")
    read = read_salesforce(directory, date_order="mdy")
    assert {o.close_date for o in read.data.opportunities} == {"2024-02-03", "2024-04-05"}
    assert read.date_orders["Opportunity.csv"] == "month-first (--date-order)"
    write(directory, "Opportunity", ["Id", "AccountId", "Name", "CloseDate"],
          [[O_MX1, A_MX, "a", "25/03/24"], [O_MX2, A_MX, "b", "03/25/24"]])
    refused(stocked, directory, r"both day-first \('25/03/24'\) and month-first \('03/25/24'\)")


def test_only_the_date_columns_read_decide_a_files_order(stocked, tmp_path):
    """Excel writes CreatedDate as '1/10/24 09:00' on Account.csv and Contact.csv; kamgraph never reads it there."""
    directory = latam_export(tmp_path / "x", encoding="cp1252", booleans=("TRUE", "FALSE"),
                             dates=lambda iso: f"{int(iso[5:7])}/{int(iso[8:])}/{iso[2:4]}")  # month-first, settled
    for name in ("Account", "Contact"):
        path = directory / f"{name}.csv"
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("cp1252"))))
        write(directory, name, [*rows[0], "CreatedDate", "LastModifiedDate"],
              [[*row, "1/10/24 09:00", "2/3/24 10:15"] for row in rows[1:]], "cp1252")
    read = read_salesforce(directory)
    assert read.date_orders == {"Opportunity.csv": "month-first (settled by '3/15/24')"}
    assert {o.close_date for o in read.data.opportunities if o.id == id18(O_MX2)} == {"2024-09-10"}
    assert len(read.data.accounts) == 4 and len(read.data.people) == 7
    # a column the import reads is still refused when ambiguous: an activity's CreatedDate is its date of last resort
    write(directory, "Task", ["Id", "WhoId", "OwnerId", "ActivityDate", "CreatedDate"],
          [[sid("00T", 1), C_MX, KAM, "", "1/10/24 09:00"]], "cp1252")
    refused(stocked, directory, "Task.csv: its dates, such as '1/10/24 09:00', could be day-first or month-first")


def test_data_loader_datetimes_and_bad_values_name_file_row_and_column(stocked, tmp_path):
    directory = latam_export(tmp_path / "x")
    write(directory, "Task", ["Id", "WhoId", "OwnerId", "ActivityDate", "IsDeleted"],
          [[sid("00T", 1), C_MX, KAM, "2024-01-19T09:42:24.000+0000", "0"],
           [sid("00T", 2), C_MX, KAM, "2024-01-20T23:10:00Z", "FALSE"],
           [sid("00T", 3), C_MX, KAM, "2024-01-21 08:00:00", ""]])
    read = read_salesforce(directory)
    assert sorted(i.date for i in read.data.interactions) == ["2024-01-19", "2024-01-20", "2024-01-21"]
    write(directory, "Task", ["Id", "WhoId", "OwnerId", "ActivityDate", "IsDeleted"],
          [[sid("00T", 1), C_MX, KAM, "2024-02-30", "false"], [sid("00T", 2), C_MX, KAM, "2024-02-30T10:00:00Z", "0"]])
    error = refused(stocked, directory, "Task.csv, row 2, column 'ActivityDate': '2024-02-30' is not a real date")
    assert "Task.csv, row 3, column 'ActivityDate'" in str(error)
    write(directory, "Task", ["Id", "WhoId", "OwnerId", "ActivityDate", "IsDeleted"],
          [[sid("00T", 1), C_MX, KAM, "2024-02-03", "maybe"]])
    refused(stocked, directory, "Task.csv, row 2, column 'IsDeleted': 'maybe' is not a checkbox value")


# --- ids ------------------------------------------------------------------------------------------------


def test_the_all_zero_id_means_none(tmp_path):
    directory = latam_export(tmp_path / "x")
    write(directory, "Task", ["Id", "WhoId", "WhatId", "OwnerId", "ActivityDate"],
          [[sid("00T", 1), NONE_ID, O_CO, KAM, "2024-06-01"], [sid("00T", 2), "000000000000000", A_US, REP, "2024-06-02"]])
    read = read_salesforce(directory)
    assert not any("not in the export" in reason for reason in read.skipped)
    lines = {(link.source, link.target) for link in read.data.links}
    assert lines == {(id18(C_MX), id18(C_BOSS)), (id18(REP), id18(KAM))}
    assert {(i.account, i.participants) for i in read.data.interactions} == {(id18(A_CO), (id18(KAM),)),
                                                                            (id18(A_US), (id18(REP),))}


# --- money ----------------------------------------------------------------------------------------------


def _revenue(result):
    return [(r["name"], r["revenue"], r["currency"], r["pareto_class"]) for r in result["accounts"]]


def test_the_portfolio_ranks_won_business_in_the_corporate_currency(embedded, tmp_path):
    report = import_salesforce(embedded, latam_export(tmp_path / "x"))
    assert report.read.corporate_currency == "USD" and report.read.currencies == ["COP", "MXN", "PEN", "USD"]
    result = portfolio(embedded, as_of="2025-01-01")
    # by hand: MXN (1,700,000 + 374,000) / 17 = 122,000; COP 120,000,000 / 4,000 = 30,000; PEN 37,500 / 3.75 = 10,000;
    # USD 50,000 as it is (the lost deal and the open one never count). Total 212,000: 57.5%, 81.1%, 95.3%, 100%.
    assert _revenue(result) == [("Distribuidora Peñalolén S.A. de C.V.", 122000.0, "USD", "A"),
                                ("Açaí Brands Inc.", 50000.0, "USD", "A"),
                                ("Café Güeño S.A.S.", 30000.0, "USD", "B"),
                                ("Minera Ñandú S.A.C.", 10000.0, "USD", "C")]
    assert [r["cumulative_share"] for r in result["accounts"]] == [0.5755, 0.8113, 0.9528, 1.0]
    assert result["accounts"][0]["revenue_text"] == "USD 122,000" and result["currency"] == "USD"
    from kamgraph.render.portfolio_page import portfolio_html

    page = portfolio_html(result)
    assert "<title>Distribuidora Peñalolén S.A. de C.V.: USD 122,000</title>" in page and "USD 30,000" in page
    # the customer's own size is kept as company size, never as our revenue
    stored = embedded.lookup("Account", [id18(A_CO)])[id18(A_CO)]
    assert stored["company_revenue"] == 5e9 and stored["currency"] == "COP" and "annual_revenue" not in stored
    from click.testing import CliRunner

    from kamgraph.cli import cli

    listed = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "accounts"])
    assert "Company size" in listed.output and "COP 5,000,000,000" in listed.output
    # only what was won since a day counts
    since = portfolio(embedded, as_of="2025-01-01", since="2024-06-01")
    assert {r["name"]: r["revenue"] for r in since["accounts"]} == {
        "Distribuidora Peñalolén S.A. de C.V.": 22000.0, "Minera Ñandú S.A.C.": 10000.0,
        "Café Güeño S.A.S.": 0.0, "Açaí Brands Inc.": 0.0}


def test_dated_rates_convert_each_amount_at_its_close_date(embedded, tmp_path):
    import_salesforce(embedded, latam_export(tmp_path / "x", dated=True))
    # by hand: MXN 1,700,000 on 2024-03-15 at 17 = 100,000 plus 374,000 on 2024-09-10 at 20 = 18,700;
    # COP 120,000,000 at the dated 5,000 = 24,000; PEN has no dated rate: CurrencyType's 3.75 gives 10,000.
    assert {r["name"]: r["revenue"] for r in portfolio(embedded, as_of="2025-01-01")["accounts"]} == {
        "Distribuidora Peñalolén S.A. de C.V.": 118700.0, "Açaí Brands Inc.": 50000.0,
        "Café Güeño S.A.S.": 24000.0, "Minera Ñandú S.A.C.": 10000.0}


def test_without_rates_currencies_are_shown_apart_and_never_added(embedded, tmp_path):
    import_salesforce(embedded, latam_export(tmp_path / "x", rates=False))
    result = portfolio(embedded, as_of="2025-01-01")
    assert result["currency"] is None and result["currencies"] == ["COP", "MXN", "PEN", "USD"]
    rows = {r["name"]: r for r in result["accounts"]}
    assert rows["Café Güeño S.A.S."]["revenues"] == {"COP": 120000000.0}
    assert rows["Café Güeño S.A.S."]["revenue_text"] == "COP 120,000,000"
    assert all(r["revenue"] is None and r["pareto_class"] is None and r["share"] is None for r in rows.values())
    assert all("revenue" not in r["score_components"] for r in rows.values())


def test_annual_revenue_never_reaches_our_revenue(embedded, tmp_path):
    directory = latam_export(tmp_path / "x")
    (directory / "Opportunity.csv").unlink()
    import_salesforce(embedded, directory)
    result = portfolio(embedded, as_of="2025-01-01")
    assert {(r["revenue"], r["revenue_source"]) for r in result["accounts"]} == {(0.0, "none")}


def test_the_portfolio_page_and_cli_show_currencies_apart(embedded, tmp_path):
    from click.testing import CliRunner

    from kamgraph.cli import cli
    from kamgraph.render.portfolio_page import portfolio_html

    import_salesforce(embedded, latam_export(tmp_path / "x", rates=False))
    page = portfolio_html(portfolio(embedded, as_of="2025-01-01"))
    assert "Revenue is in COP, MXN, PEN, USD with no conversion rates" in page and "COP 120,000,000" in page
    out = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "portfolio", "--as-of", "2025-01-01"])
    assert out.exit_code == 0, out.output
    assert "shown apart, never added" in out.output and "MXN 2,074,000" in out.output


# --- every activity -------------------------------------------------------------------------------------


def test_every_activity_that_says_something_about_a_relationship_is_kept(tmp_path):
    directory = latam_export(tmp_path / "x")
    missing_event = sid("00U", 9)
    write(directory, "Task", ["Id", "WhoId", "WhatId", "AccountId", "OwnerId", "ActivityDate", "CompletedDateTime",
                              "CreatedDate", "Subject", "TaskSubtype"],
          [[sid("00T", 1), "", O_MX1, "", KAM, "2024-03-01", "", "", "Propuesta enviada", "Email"],
           [sid("00T", 2), C_CO, "", "", REP, "", "2024-01-19T09:42:24.000+0000", "2024-01-18T08:00:00.000+0000",
            "Llamada de seguimiento", "Call"],
           [sid("00T", 3), "", "", A_PE, KAM, "", "", "2024-02-02T10:00:00.000+0000", "Nota", "Task"],
           [sid("00T", 4), C_US, "", "", QUEUE, "2024-03-03", "", "", "En cola", "Task"],
           [sid("00T", 5), "", sid("500", 1), "", KAM, "2024-03-04", "", "", "Caso", "Task"],
           [sid("00T", 6), C_US, "", "", sid("005", 9), "2024-03-05", "", "", "Owner gone from User.csv", "Call"]])
    write(directory, "Event", ["Id", "WhoId", "WhatId", "OwnerId", "ActivityDateTime", "Subject", "IsChild"],
          [[sid("00U", 1), C_MX, O_MX1, KAM, "2024-04-10T15:00:00.000+0000", "Reunión en Monterrey", "false"],
           [sid("00U", 2), C_MX, O_MX1, REP, "2024-04-10T15:00:00.000+0000", "Reunión en Monterrey", "true"],
           [sid("00U", 3), "", "", KAM, "2024-05-02T16:00:00.000Z", "Visita a Bogotá", "false"]])
    write(directory, "EventRelation", ["EventId", "RelationId"],
          [[sid("00U", 1), C_BOSS], [sid("00U", 1), REP], [missing_event, C_MX], [sid("00U", 3), C_CO]])
    write(directory, "AccountContactRole", ["Id", "AccountId", "ContactId", "Role", "IsPrimary"],
          [[sid("02Z", 1), A_MX, C_BOSS, "Economic Decision Maker", "true"],
           [sid("02Z", 2), A_MX, C_CO, "Influencer", "false"]])
    read = read_salesforce(directory)
    got = {i.id[:15]: (i.account, set(i.participants), i.date) for i in read.data.interactions}
    assert got[sid("00T", 1)] == (id18(A_MX), {id18(KAM)}, "2024-03-01")  # WhatId -> opportunity -> account
    assert got[sid("00T", 2)] == (id18(A_CO), {id18(REP), id18(C_CO)}, "2024-01-19")  # CompletedDateTime
    assert got[sid("00T", 3)] == (id18(A_PE), {id18(KAM)}, "2024-02-02")  # AccountId, CreatedDate
    assert got[sid("00T", 6)] == (id18(A_US), {id18(sid("005", 9)), id18(C_US)}, "2024-03-05")
    assert got[sid("00U", 1)] == (id18(A_MX), {id18(KAM), id18(REP), id18(C_MX), id18(C_BOSS)}, "2024-04-10")
    assert got[sid("00U", 3)] == (id18(A_CO), {id18(KAM), id18(C_CO)}, "2024-05-02")  # only its invitee names it
    assert read.kept["Task: no ActivityDate, dated by CompletedDateTime"] == 1
    assert read.kept["Task: no ActivityDate, dated by CreatedDate"] == 1
    assert read.kept["Task: names no contact, kept as account activity of its owner"] == 2
    assert read.kept["Task: user not in User.csv (kept, known by id)"] == 1
    assert read.skipped["Task: owned by a queue, not a user"] == 1
    assert read.skipped["Task: names no contact, account or opportunity in the export"] == 1
    assert read.skipped["EventRelation: event not in Event.csv"] == 1
    assert read.skipped["Event: an invitee's copy of a group event (IsChild)"] == 1
    assert read.skipped["AccountContactRole: contact works at another account"] == 1
    roles = {(r.person, r.account, r.role, r.opportunity) for r in read.data.roles}
    assert roles == {(id18(C_BOSS), id18(A_MX), "economic_buyer", None)}


def _data_loader(directory: Path) -> Path:
    """A Data Loader extract: UTF-8, every datetime in ISO 8601 with milliseconds and a zone."""
    latam_export(directory)
    write(directory, "Task", ["Id", "WhoId", "WhatId", "OwnerId", "ActivityDate", "CreatedDate", "IsDeleted"],
          [[id18(sid("00T", 1)), id18(C_MX), NONE_ID, id18(KAM), "", "2024-01-19T09:42:24.000+0000", "false"],
           [id18(sid("00T", 2)), NONE_ID, id18(O_US), id18(REP), "2024-02-01", "2024-01-30T11:00:00.000Z", "false"]])
    return directory


@pytest.mark.parametrize("shape", ["weekly Data Export", "Excel-saved", "Data Loader"])
def test_each_shape_of_export_imports_with_the_plain_command(tmp_path, shape):
    from click.testing import CliRunner

    from kamgraph.cli import cli
    from kamgraph.store import open_store

    def excel(iso):
        y, m, d = iso.split("-")
        return f"{int(d)}/{int(m)}/{y[2:]}"

    directory = {
        "weekly Data Export": lambda d: latam_export(d, encoding="latin-1", booleans=("1", "0")),
        "Excel-saved": lambda d: latam_export(d, encoding="cp1252", users=False, booleans=("TRUE", "FALSE"), dates=excel),
        "Data Loader": _data_loader,
    }[shape](tmp_path / "export")
    out = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "import", "salesforce", str(directory)])
    assert out.exit_code == 0, out.output
    with open_store(tmp_path / "s") as store:
        result = portfolio(store, as_of="2025-01-01")
    assert [(r["name"], r["revenue"]) for r in result["accounts"]][0] == ("Distribuidora Peñalolén S.A. de C.V.", 122000.0)


def test_the_cli_says_how_it_read_each_file_and_what_it_kept(tmp_path):
    from click.testing import CliRunner

    from kamgraph.cli import cli

    directory = latam_export(tmp_path / "x", encoding="latin-1", users=False, booleans=("1", "0"))
    out = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "import", "salesforce", str(directory)])
    assert out.exit_code == 0, out.output
    assert "Account.csv (Windows-1252 (ISO-8859-1))" in out.output
    assert "Amounts converted to the corporate currency, USD (from COP, MXN, PEN, USD)." in out.output
    assert "Account: user not in User.csv (kept, known by id)" in out.output
    bad = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "import", "salesforce", str(directory),
                                   "--encoding", "utf-8"])
    assert bad.exit_code == 1 and "is not utf-8 text" in bad.output and "Traceback" not in bad.output


def test_the_summary_names_a_currency_without_a_rate_apart_from_the_converted_ones(tmp_path):
    from click.testing import CliRunner

    from kamgraph.cli import cli

    directory = latam_export(tmp_path / "x", encoding="latin-1", booleans=("1", "0"))
    rates = directory / "CurrencyType.csv"
    lines = rates.read_text(encoding="latin-1").splitlines(keepends=True)
    rates.write_text("".join(line for line in lines if ",PEN," not in line and '"PEN"' not in line), encoding="latin-1")
    out = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "import", "salesforce", str(directory)])
    assert out.exit_code == 0, out.output
    assert ("Amounts converted to the corporate currency, USD (from COP, MXN, USD); PEN has no rate in "
            "CurrencyType.csv and is kept apart, never added.") in out.output


# --- naming accounts and people -------------------------------------------------------------------------


def test_a_15_character_id_or_a_name_without_accents_finds_the_record(stocked, tmp_path):
    from click.testing import CliRunner

    from kamgraph.cli import cli

    assert load_snapshot(stocked, A_MX).graph["account"]["id"] == id18(A_MX)
    graph = load_snapshot(stocked, "distribuidora penalolen s.a. de c.v.")
    assert graph.graph["account"]["id"] == id18(A_MX)
    assert resolve_person(graph, C_MX) == id18(C_MX)
    assert resolve_person(graph, "jose munoz pena") == id18(C_MX)
    assert resolve_person(graph, "MARÍA IBÁÑEZ") == id18(C_BOSS)
    with pytest.raises(NotFound):
        resolve_person(graph, "Jose Munoz")
    out = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "analyze", A_MX])
    assert out.exit_code == 0, out.output
    # an 18-character id that went through an upper-casing (or lower-casing) spreadsheet: its suffix restores the case
    for mangled in (id18(A_MX).upper(), id18(A_MX).lower()):
        assert load_snapshot(stocked, mangled).graph["account"]["id"] == id18(A_MX)
        assert resolve_person(graph, id18(C_MX).upper()) == id18(C_MX)
    with pytest.raises(NotFound):  # a 15-character id has no suffix: its case is its identity
        load_snapshot(stocked, A_MX.upper())
    out = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "person", "export", id18(C_MX).lower(),
                                   "-o", str(tmp_path / "p.json")])
    assert out.exit_code == 0, out.output


def test_an_ambiguous_name_is_refused_with_the_candidates(embedded):
    from kamgraph.model import Account, Dataset

    embedded.write(Dataset(accounts=[Account(id18(A_CO), "Café Güeño S.A.S."), Account(id18(A_PE), "CAFE GUENO S.A.S.")]))
    with pytest.raises(KamgraphError, match=r"2 accounts match 'cafe gueno s\.a\.s\.': Café Güeño S\.A\.S\. "
                                            rf"\({id18(A_CO)}\); CAFE GUENO S\.A\.S\. \({id18(A_PE)}\); name one by its id"):
        load_snapshot(embedded, "cafe gueno s.a.s.")
    assert load_snapshot(embedded, "CAFE GUENO S.A.S.").graph["account"]["id"] == id18(A_PE)  # exact wins


# --- custom fields --------------------------------------------------------------------------------------


def test_a_mapping_file_reads_custom_fields_and_reports_unknown_values(stocked, tmp_path):
    directory = latam_export(tmp_path / "x")
    write(directory, "Contact", ["Id", "AccountId", "FirstName", "LastName", "JobLevel__c", "Influencia__c",
                                 "Actitud__c", "Rol_de_Compra__c"],
          [[C_MX, A_MX, "José", "Muñoz", "Gerente", "Alta", "Promotor", "Decisor"],
           [C_BOSS, A_MX, "María", "Ibáñez", "Dirección General", "0.8", "neutral", "Aprobador"],
           [C_CO, A_CO, "João", "Gonçalves", "Becário", "Baja", "", ""]])
    mapping = tmp_path / "campos.toml"
    mapping.write_text('[level]\nfield = "JobLevel__c"\n[level.values]\n"Gerente" = "manager"\n'
                       '"Dirección General" = "executive"\n\n'
                       '[influence]\nfield = "Influencia__c"\n[influence.values]\n"Alta" = 0.9\n"Media" = 0.5\n\n'
                       '[attitude]\nfield = "Actitud__c"\n[attitude.values]\n"promotor" = "champion"\n\n'
                       '[role]\nfield = "Rol_de_Compra__c"\n[role.values]\n"Decisor" = "decision_maker"\n',
                       encoding="utf-8")
    report = import_salesforce(stocked, directory, mapping=mapping, dry_run=True)
    people = {p.id: p for p in report.read.data.people}
    assert (people[id18(C_MX)].level, people[id18(C_MX)].influence, people[id18(C_MX)].attitude) == ("manager", 0.9, "champion")
    assert people[id18(C_MX)].attitude_source == "Promotor"
    assert (people[id18(C_BOSS)].level, people[id18(C_BOSS)].influence) == ("executive", 0.8)
    assert people[id18(C_CO)].level is None and people[id18(C_CO)].influence is None
    roles = {(r.person, r.role, r.role_source) for r in report.read.data.roles}
    assert (id18(C_MX), "decision_maker", "Decisor") in roles
    warnings = "\n".join(report.read.warnings)
    for unknown in ("'Becário'", "'Baja'", "'Aprobador'"):
        assert unknown in warnings
    mapping.write_text('[level]\nfield = "JobLevel__c"\n[level.values]\n"Gerente" = "jefe"\n[seniority]\nfield = "x"\n',
                       encoding="utf-8")
    error = refused(stocked, directory, "campos.toml", mapping=mapping)
    assert "'jefe' is not a known level" in str(error) and "[seniority] is not a mapping target" in str(error)


def test_rates_that_name_no_single_corporate_currency_are_refused(stocked, tmp_path):
    directory = latam_export(tmp_path / "x")
    write(directory, "CurrencyType", ["IsoCode", "ConversionRate", "IsCorporate"],
          [["USD", "1", "true"], ["MXN", "17", "true"]])
    refused(stocked, directory, "CurrencyType.csv, column 'IsCorporate': 2 currencies are marked IsCorporate; "
                                "exactly one is the corporate currency")
    write(directory, "CurrencyType", ["IsoCode", "ConversionRate", "IsCorporate"],
          [["USD", "1", "true"], ["MXN", "0", "false"]])
    refused(stocked, directory, "CurrencyType.csv, row 3, column 'ConversionRate': '0' is not a conversion rate")
    (directory / "CurrencyType.csv").unlink()
    write(directory, "DatedConversionRate", ["IsoCode", "ConversionRate", "StartDate"], [["MXN", "17", "2024-01-01"]])
    read = read_salesforce(directory)
    assert read.corporate_currency is None and any("corporate currency is unknown" in w for w in read.warnings)
    assert all(o.converted_amount is None for o in read.data.opportunities)


# --- whose relationships count --------------------------------------------------------------------------


def _reps_export(directory: Path) -> Path:
    """No User.csv, no AccountTeamMember.csv: KAM owns the account, REP (on no team) logged a call and a meeting."""
    latam_export(directory, users=False)
    write(directory, "Task", ["Id", "WhoId", "OwnerId", "ActivityDate", "Subject", "TaskSubtype"],
          [[sid("00T", 1), C_MX, REP, "2024-11-05", "Llamada", "Call"]])
    write(directory, "Event", ["Id", "WhoId", "OwnerId", "ActivityDateTime", "Subject"],
          [[sid("00U", 1), "", REP, "2024-11-20T15:00:00.000Z", "Comida con la directora"]])
    write(directory, "EventRelation", ["EventId", "RelationId"], [[sid("00U", 1), C_BOSS], [sid("00U", 1), sid("005", 7)]])
    return directory


def test_a_user_in_an_activity_joins_the_accounts_team(tmp_path):
    read = read_salesforce(_reps_export(tmp_path / "x"))
    team = {(t.account, t.person): t.role for t in read.data.team}
    assert team[(id18(A_MX), id18(KAM))] == "Account Owner"
    assert team[(id18(A_MX), id18(REP))] == "Activity Owner"  # owns the task and the event
    assert team[(id18(A_MX), id18(sid("005", 7)))] == "Activity Invitee"
    assert (id18(A_CO), id18(REP)) not in team  # an activity seats its user on its own account only
    # a real seat keeps its role
    write(tmp_path / "x", "AccountTeamMember", ["AccountId", "UserId", "TeamMemberRole"], [[A_MX, REP, "Sales Rep"]])
    team = {(t.account, t.person): t.role for t in read_salesforce(tmp_path / "x").data.team}
    assert team[(id18(A_MX), id18(REP))] == "Sales Rep"


def test_a_contact_met_by_a_rep_off_the_team_is_covered_and_exported(tmp_path):
    import json

    from click.testing import CliRunner

    from kamgraph.cli import cli

    directory = _reps_export(tmp_path / "x")
    store, fresh = str(tmp_path / "s"), str(tmp_path / "fresh")
    runner = CliRunner()
    out = runner.invoke(cli, ["--store", store, "import", "salesforce", str(directory)])
    assert out.exit_code == 0, out.output
    out = runner.invoke(cli, ["--store", store, "analyze", A_MX, "--json", "--as-of", "2024-12-01"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    uncovered = {g["id"] for g in data["gaps"] if g["kind"] == "uncovered_contact"}
    assert id18(C_MX) not in uncovered and id18(C_BOSS) not in uncovered
    assert data["coverage"]["covered_contacts"] == 2
    # the export lists everyone in the account's activities, so it imports into an empty store
    sheet = tmp_path / "mx.xlsx"
    out = runner.invoke(cli, ["--store", store, "export", A_MX, "-o", str(sheet), "--interactions"])
    assert out.exit_code == 0, out.output
    out = runner.invoke(cli, ["--store", fresh, "import", str(sheet), "--check"])
    assert out.exit_code == 0, out.output
    assert "is not in this import or the store" not in out.output


# --- email domains from Account.Website -----------------------------------------------------------------


def test_an_accounts_website_gives_its_email_domain_and_a_bad_one_is_counted(embedded, tmp_path):
    directory = tmp_path / "web"
    write(directory, "Account", ["Id", "Name", "Website", "OwnerId"],
          [[sid("001", 1), "Acme UK", "https://www.acme.co.uk/contact", KAM],
           [sid("001", 2), "Bücher GmbH", "www.Bücher.de"],
           [sid("001", 3), "Shop", "http://shop.example.com.au:8080/?q=1"],
           [sid("001", 4), "No site", "   "],
           [sid("001", 5), "Typo", "not a website"],
           [sid("001", 6), "Solo trader", "https://mail.yahoo.co.jp/"],
           [sid("001", 7), "Bare suffix", "co.uk"]])
    write(directory, "Contact", ["Id", "AccountId", "LastName"], [[sid("003", 1), sid("001", 1), "Smith"]])
    write(directory, "User", ["Id", "LastName", "Email"], [[KAM, "Kam", "kim@kamsupplier.com"]])
    read = read_salesforce(directory)
    got = {a.id[:15]: a.domains for a in read.data.accounts}
    assert got == {sid("001", 1): ("acme.co.uk",), sid("001", 2): ("xn--bcher-kva.de",),
                   sid("001", 3): ("example.com.au",), sid("001", 4): None, sid("001", 5): None,
                   sid("001", 6): None, sid("001", 7): None}
    assert read.kept["Account: Website is no domain (kept, no email domain)"] == 2
    assert read.kept["Account: Website is a public webmail host (kept, no email domain)"] == 1
    import_salesforce(embedded, directory)
    stored = {a["id"][:15]: a.get("domains") for a in embedded.accounts()}
    assert list(stored[sid("001", 1)]) == ["acme.co.uk"] and not stored[sid("001", 5)]
    # the website's domain (no contact has an email to infer one from) is what mail is matched against
    from capture_fixtures import message, write_mbox

    from kamgraph.importer import import_mail

    mbox = write_mbox(tmp_path / "m.mbox", [message("kim@kamsupplier.com", ["New Buyer <new@sales.acme.co.uk>"])])
    assert list(import_mail(embedded, [mbox]).result.unknown) == [id18(sid("001", 1))]

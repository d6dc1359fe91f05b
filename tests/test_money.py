"""Money: conversion at a close date's rate, sums kept per currency, and the native format's currency columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamgraph.analysis.money import format_amounts, won_by_currency
from kamgraph.importer import import_paths
from kamgraph.io.currency import Rates
from kamgraph.model import ValidationError
from kamgraph.reports import portfolio


def test_a_dated_range_holds_its_start_day_and_not_its_next_start_day():
    rates = Rates("USD", {"MXN": 17.5})
    rates.add_dated("MXN", "2024-07-01", None, 20.0)
    rates.add_dated("MXN", "2024-01-01", "2024-07-01", 16.0)
    assert rates.rate("MXN", "2024-01-01") == 16.0
    assert rates.rate("MXN", "2024-06-30") == 16.0
    assert rates.rate("MXN", "2024-07-01") == 20.0 and rates.rate("MXN", "2031-01-01") == 20.0
    assert rates.rate("MXN", "2023-12-31") == 17.5  # before every range: the CurrencyType rate
    assert rates.rate("MXN") == 17.5 and rates.rate("USD", "2024-03-01") == 1.0
    assert rates.convert(1600.0, "MXN", "2024-02-01") == 100.0
    assert rates.convert(100.0, "BRL", "2024-02-01") is None  # no rate: never a made-up figure


def test_sums_are_kept_per_currency_and_converted_amounts_count_in_the_corporate_one():
    opportunities = [
        {"amount": 2_074_000.0, "won": True, "currency": "MXN", "converted_amount": 122_000.0, "converted_currency": "USD"},
        {"amount": 50_000.0, "won": True, "currency": "USD", "converted_amount": 50_000.0, "converted_currency": "USD",
         "close_date": "2024-02-13"},
        {"amount": 120_000_000.0, "won": True, "currency": "COP", "close_date": "2024-05-20"},
        {"amount": 99.0, "won": None, "currency": "COP"},
    ]
    assert won_by_currency(opportunities) == {"USD": 172_000.0, "COP": 120_000_000.0}
    assert won_by_currency(opportunities, since="2024-03-01") == {"COP": 120_000_000.0}
    assert format_amounts({"USD": 172_000.0, "COP": 120_000_000.0}) == "COP 120,000,000 · USD 172,000"


def _native(directory: Path, currencies: tuple[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "accounts.csv").write_text(
        "id,name,annual_revenue,company_revenue,currency\n"
        "A1,Logística Ñandú,,,\nA2,Café Güeño,40000,9000000000,EUR\n", encoding="utf-8")
    (directory / "opportunities.csv").write_text(
        "id,account,name,amount,currency,won\n"
        f"O1,A1,Contrato,1000,{currencies[0]},true\nO2,A1,Ampliación,500,{currencies[1]},true\n", encoding="utf-8")
    return directory


def test_native_currency_columns_in_one_currency_rank_and_show_it(embedded, tmp_path):
    import_paths(embedded, [_native(tmp_path / "in", ("EUR", "eur"))])
    rows = {r["id"]: r for r in portfolio(embedded, as_of="2025-01-01")["accounts"]}
    # A2 has no won business: its declared annual_revenue (ours) counts, never its company_revenue
    assert (rows["A2"]["revenue"], rows["A2"]["revenue_source"], rows["A2"]["revenue_text"]) == (
        40000.0, "declared", "EUR 40,000")
    assert (rows["A1"]["revenue"], rows["A1"]["revenue_text"]) == (1500.0, "EUR 1,500")


def test_native_amounts_in_two_currencies_are_never_added(embedded, tmp_path):
    import_paths(embedded, [_native(tmp_path / "in", ("EUR", "BRL"))])
    result = portfolio(embedded, as_of="2025-01-01")
    assert result["currencies"] == ["BRL", "EUR"] and result["currency"] is None
    rows = {r["id"]: r for r in result["accounts"]}
    assert rows["A1"]["revenues"] == {"BRL": 500.0, "EUR": 1000.0} and rows["A1"]["pareto_class"] is None


def test_a_currency_that_is_not_a_code_is_refused(embedded, tmp_path):
    directory = _native(tmp_path / "in", ("EUR", "euros"))
    with pytest.raises(ValidationError, match="opportunities.csv, row 3, column 'currency': 'euros' is not a currency code"):
        import_paths(embedded, [directory])
    assert embedded.accounts() == []

"""Snapshots over time, the review pack, and the portfolio: hand-computed examples, the CLI, and a real browser."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from browser import open_page
from click.testing import CliRunner
from conftest import small_dataset

from kamgraph.analysis.portfolio import (
    PortfolioConfig,
    account_revenue,
    portfolio_table,
)
from kamgraph.cli import cli
from kamgraph.importer import import_dataset
from kamgraph.model import Dataset, Interaction, Link
from kamgraph.render.review import review_markdown, write_review
from kamgraph.reports import changes_since, portfolio, record_snapshot, review
from kamgraph.sample import sample_portfolio

AS_OF = dt.date(2026, 11, 1)


def test_pareto_classes_scores_and_tiers_worked_by_hand():
    accounts = [
        {"id": "a", "name": "A", "revenue": 600.0, "health": 80.0, "growth_potential": 0.5},
        {"id": "b", "name": "B", "revenue": 250.0, "health": 40.0, "margin": 1.0},
        {"id": "c", "name": "C", "revenue": 100.0, "health": 20.0},
        {"id": "d", "name": "D", "revenue": 50.0, "health": None},
    ]
    config = PortfolioConfig.from_toml("""
[portfolio.weights]
revenue = 0.5
health = 0.5
growth_potential = 1.0
margin = 0.0
[[portfolio.tiers]]
name = "Gold"
min_score = 0.7
[[portfolio.tiers]]
name = "Silver"
min_score = 0.3
[[portfolio.tiers]]
name = "Bronze"
min_score = 0
""")
    rows = {r["id"]: r for r in portfolio_table(accounts, config)}
    # shares 60%, 25%, 10%, 5%: a is A (0 before it), b is A (60% before it, under 80%), c is B (85%), d is C (95%)
    assert [rows[k]["pareto_class"] for k in "abcd"] == ["A", "A", "B", "C"]
    assert [rows[k]["cumulative_share"] for k in "abcd"] == [0.6, 0.85, 0.95, 1.0]
    # a: revenue 1.0 x 0.5 + health 0.8 x 0.5 + growth 0.5 x 1.0, over weights 2.0 = 0.7
    assert rows["a"]["score"] == pytest.approx(0.7) and rows["a"]["tier"] == "Gold"
    # b: margin weighs 0, so (250/600 x 0.5 + 0.4 x 0.5) / 1.0 = 0.4083
    assert rows["b"]["score"] == pytest.approx(0.4083, abs=1e-4) and rows["b"]["tier"] == "Silver"
    # d has no health: revenue alone, 50/600 = 0.0833
    assert rows["d"]["score"] == pytest.approx(0.0833, abs=1e-4) and rows["d"]["tier"] == "Bronze"


def test_revenue_is_what_we_won_else_what_was_declared():
    assert account_revenue({"annual_revenue": 9.0}, [{"amount": 2.0, "won": True}, {"amount": 5.0, "won": None},
                                                     {"amount": 1.0, "won": False}]) == ({"": 2.0}, "won opportunities")
    assert account_revenue({"annual_revenue": 9.0}, []) == ({"": 9.0}, "declared")
    # a customer's own company size (Salesforce's AnnualRevenue) is never our revenue
    assert account_revenue({"company_revenue": 5e9, "currency": "EUR"}, []) == ({}, "none")


def test_an_unknown_criterion_in_the_config_is_refused():
    with pytest.raises(ValueError, match="unknown criteria \\['likeability'\\]"):
        PortfolioConfig.from_toml("[portfolio.weights]\nlikeability = 1")


def test_diff_between_two_snapshots_lists_the_known_changes(embedded):
    embedded.write(small_dataset())
    record_snapshot(embedded, "A1", as_of="2026-10-02")
    changed = small_dataset()
    changed.people[1] = dataclasses.replace(changed.people[1], title="Chairman")       # c2 changes title
    changed.people[2] = dataclasses.replace(changed.people[2], attitude="supporter")   # c3 comes round
    from kamgraph.model import Person

    changed.people.append(Person("c4", "Neu Kontakt", "customer", account="A1"))        # someone joins
    changed.people[4] = dataclasses.replace(changed.people[4], left_on="2026-05-01")
    changed.interactions.append(Interaction("i3", "meeting", "2026-10-20", "A1", ("s1", "c2")))
    changed.links.append(Link("knows", "s1", "c3", level="trusted_advisor"))
    embedded.write(changed)
    diff = changes_since(embedded, "A1", as_of="2026-10-21")
    assert diff["since"] == "2026-10-02" and diff["until"] == "2026-10-21"
    assert [p["id"] for p in diff["joined"]] == ["c4"] and diff["left"] == []
    assert {(x["id"], x["field"], x["before"], x["after"]) for x in diff["changed"]} == {
        ("c2", "title", "CEO", "Chairman"), ("c3", "attitude", "blocker", "supporter")}
    assert {(x["member"], x["contact"]) for x in diff["strengthened"]} == {("s1", "c2"), ("s1", "c3")}
    assert diff["health"]["delta"] == pytest.approx(diff["health"]["after"] - diff["health"]["before"], abs=0.11)


def test_diff_with_no_earlier_snapshot_is_none(embedded):
    embedded.write(small_dataset())
    assert changes_since(embedded, "A1", as_of="2026-10-21") is None


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("reports") / "store"
    from kamgraph.store import open_store

    with open_store(home) as store:
        import_dataset(store, sample_portfolio(AS_OF))
        for account in ("ACC-NWR", "ACC-ALP", "ACC-KES", "ACC-BRA"):
            record_snapshot(store, account, as_of=AS_OF - dt.timedelta(days=90))
    return home


def test_the_portfolio_of_the_demo(demo_home):
    from kamgraph.store import open_store

    with open_store(demo_home) as store:
        result = portfolio(store, as_of=AS_OF)
    rows = result["accounts"]
    assert [r["id"] for r in rows][0] == "ACC-NWR" and rows[-1]["cumulative_share"] == 1.0
    assert {r["pareto_class"] for r in rows} <= {"A", "B", "C"} and rows[0]["pareto_class"] == "A"
    assert all({"id", "name", "revenue", "share", "cumulative_share", "pareto_class", "score", "tier", "health"} <= set(r)
               for r in rows)
    assert result["risks"]["key_people"][0]["key_threads"] >= 1


def test_the_review_pack_opens_offline_with_no_error(demo_home, tmp_path):
    from kamgraph.store import open_store

    with open_store(demo_home) as store:
        pack = review(store, "ACC-NWR", as_of=AS_OF)
    assert pack["changes"]["since"] == (AS_OF - dt.timedelta(days=90)).isoformat()
    path = write_review(pack, tmp_path / "review.html")
    with open_page(path) as seen:
        seen.page.wait_for_selector("h1")
        frame = seen.page.frame_locator("iframe.map")
        frame.locator("#legend").wait_for(timeout=30000)
        assert seen.errors == [] and seen.requests == []
        assert "What to do next" in seen.page.inner_text("main")
        assert seen.page.locator("table").first.is_visible()


def test_the_review_pack_as_markdown(demo_home):
    from kamgraph.store import open_store

    with open_store(demo_home) as store:
        pack = review(store, "ACC-NWR", as_of=AS_OF)
    next(c for c in pack["analysis"]["contacts"] if c["id"] == "NWR-010")["name"] = "Pipe | and *stars*"
    md = review_markdown(pack)
    assert md.startswith("# Account review: Northwind Retail Group\n")
    assert "## What to do next" in md and "## Stakeholders" in md and "## Changes since the last review" in md
    assert "Pipe \\| and \\*stars\\*" in md
    table = [line for line in md.splitlines() if line.startswith("| ") and "Power" in line][0]
    assert table.count("|") == 12  # eleven columns, Level and Decision-maker by among them


def test_cli_snapshot_diff_review_and_portfolio(demo_home, tmp_path):
    def run(*args):
        return CliRunner().invoke(cli, ["--store", str(demo_home), *args])

    result = run("snapshot", "ACC-KES", "--as-of", "2026-10-01")
    assert result.exit_code == 0 and result.output.startswith("Recorded Kessler Key Wholesale as of 2026-10-01")
    diff = json.loads(run("diff", "ACC-KES", "--since", "2026-10-01", "--as-of", AS_OF.isoformat(), "--json").output)
    assert diff["since"] == "2026-10-01"
    assert run("diff", "ACC-KES", "--as-of", AS_OF.isoformat()).output.startswith("From 2026-10-01 to 2026-11-01")
    assert run("review", "ACC-NWR", "-o", str(tmp_path / "r.md"), "--format", "md").exit_code == 0
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Account review")
    out = run("portfolio", "--json", "-o", str(tmp_path / "p.html"), "--as-of", AS_OF.isoformat())
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["accounts"][0]["pareto_class"] == "A"
    assert "<svg" in (tmp_path / "p.html").read_text(encoding="utf-8")
    none = CliRunner().invoke(cli, ["--store", str(tmp_path / "empty"), "portfolio"])
    assert none.exit_code == 1 and "no accounts" in none.output


def test_the_review_format_follows_the_suffix_and_a_pdf_is_refused_before_any_work(demo_home, tmp_path):
    def run(*args):
        return CliRunner().invoke(cli, ["--store", str(demo_home), "review", "ACC-KES", *args])

    assert run("-o", str(tmp_path / "r.MD")).exit_code == 0
    assert (tmp_path / "r.MD").read_text(encoding="utf-8").startswith("# Account review")
    assert run("-o", str(tmp_path / "r.htm")).exit_code == 0
    assert (tmp_path / "r.htm").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    pdf = run("-o", str(tmp_path / "r.pdf"))
    assert pdf.exit_code == 1 and "print it to PDF" in pdf.output and "Traceback" not in pdf.output
    assert not (tmp_path / "r.pdf").exists()
    assert run("-o", str(tmp_path / "r.txt"), "--format", "md").exit_code == 0  # said outright: written as asked


def test_the_portfolio_table_shows_shares_as_percentages_and_health_as_analyze_does(demo_home):
    text = CliRunner().invoke(cli, ["--store", str(demo_home), "portfolio", "--as-of", AS_OF.isoformat()]).output
    as_json = json.loads(CliRunner().invoke(cli, ["--store", str(demo_home), "portfolio", "--json",
                                                  "--as-of", AS_OF.isoformat()]).output)
    first = as_json["accounts"][0]
    row = next(line for line in text.splitlines() if line.startswith(first["id"] + " "))
    assert f"{first['share']:.1%}" in row and f"{first['cumulative_share']:.1%}" in row
    assert row.split()[-1] == f"{first['health']:.0f}"
    health = CliRunner().invoke(cli, ["--store", str(demo_home), "analyze", first["id"], "--as-of", AS_OF.isoformat()])
    assert f"{first['health']:.0f}" in health.output


def test_a_diff_without_snapshots_says_how_to_record_one(tmp_path):
    from kamgraph.store import open_store

    with open_store(tmp_path / "s") as store:
        store.write(Dataset(accounts=small_dataset().accounts))
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "diff", "A1"])
    assert result.exit_code == 1 and "record one with kamgraph snapshot" in result.output

"""kamgraph analyze, whatif and paths on the sample portfolio, through click's CliRunner."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.importer import import_dataset
from kamgraph.sample import sample_portfolio
from kamgraph.store import open_store

AS_OF = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("analysis") / "store"
    with open_store(home) as store:
        import_dataset(store, sample_portfolio(AS_OF))
    return home


def run(home, *args):
    result = CliRunner().invoke(cli, ["--store", str(home), *args, "--as-of", AS_OF.isoformat()])
    return result


def test_analyze_json_follows_the_contract(home):
    result = run(home, "analyze", "Northwind Retail Group", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["account"] == {"id": "ACC-NWR", "name": "Northwind Retail Group"}
    assert data["as_of"] == "2026-11-01"
    assert {"contacts", "covered_contacts", "decision_makers", "covered_decision_makers", "threads"} <= set(data["coverage"])
    scores = [d["score"] for d in data["decision_makers"]]
    assert scores == sorted(scores, reverse=True)
    assert all({"id", "name", "score", "components"} <= set(d) for d in data["decision_makers"])
    assert all({"kind", "id", "severity", "detail"} <= set(g) for g in data["gaps"])
    assert all({"kind", "id", "covered_by", "severity", "detail"} <= set(r) for r in data["risks"])
    assert 0 <= data["health"]["score"] <= 100 and data["health"]["components"]


def test_analyze_finds_the_samples_politics(home):
    data = json.loads(run(home, "analyze", "ACC-NWR", "--json").output)
    ceo = next(c for c in data["contacts"] if c["title"] == "Chief Executive Officer")
    assert ceo["id"] in [d["id"] for d in data["decision_makers"]]  # by position, with no declared role
    assert ("uncovered_contact", ceo["id"]) in {(g["kind"], g["id"]) for g in data["gaps"]}
    kinds = {r["kind"] for r in data["risks"]}
    assert {"departed_owner", "single_point_of_contact"} <= kinds


def test_as_of_makes_the_analysis_reproducible(home):
    assert run(home, "analyze", "ACC-NWR", "--json").output == run(home, "analyze", "ACC-NWR", "--json").output


def test_analyze_text_reads_as_a_report(home):
    result = run(home, "analyze", "ACC-NWR")
    assert result.exit_code == 0
    assert result.output.startswith("Northwind Retail Group (ACC-NWR) as of 2026-11-01\n")
    for heading in ("Health ", "Decision-makers:", "Gaps (", "Risks ("):
        assert heading in result.output


def test_whatif_the_kam_leaves(home):
    result = run(home, "whatif", "ACC-NWR", "--without", "OUR-01", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data["newly_uncovered"], list) and data["newly_uncovered"]
    assert isinstance(data["lost_threads"], int) and data["lost_threads"] > 0
    assert data["health_delta"] < 0
    assert data["removed"][0]["id"] == "OUR-01"


def test_whatif_names_people_by_email_or_name_and_refuses_strangers(home):
    people = json.loads(CliRunner().invoke(cli, ["--store", str(home), "people", "ACC-NWR", "--json"]).output)
    champion = next(p for p in people if p["attitude"] == "champion")
    by_email = run(home, "whatif", "ACC-NWR", "--without", champion["email"].upper(), "--json")
    by_name = run(home, "whatif", "ACC-NWR", "--without", champion["name"], "--json")
    assert json.loads(by_email.output)["removed"] == json.loads(by_name.output)["removed"]
    stranger = run(home, "whatif", "ACC-NWR", "--without", "Nobody Atall")
    assert stranger.exit_code == 1
    assert "nobody in Northwind Retail Group has the id, email or name 'Nobody Atall'" in stranger.output


def test_paths_to_the_chief_executive(home):
    data = json.loads(run(home, "analyze", "ACC-NWR", "--json").output)
    ceo = next(c["id"] for c in data["contacts"] if c["title"] == "Chief Executive Officer")
    result = run(home, "paths", "ACC-NWR", "--to", ceo, "--k", "4", "--json")
    assert result.exit_code == 0, result.output
    paths = json.loads(result.output)
    assert paths["target"] == ceo and 1 <= len(paths["paths"]) <= 4
    for path in paths["paths"]:
        assert path["people"][0].startswith("OUR-") and path["people"][-1] == ceo
    text = run(home, "paths", "ACC-NWR", "--to", ceo)
    assert text.output.startswith("Warm paths to ") and "1. strength" in text.output


def test_a_bad_as_of_date_is_a_usage_error(home):
    result = CliRunner().invoke(cli, ["--store", str(home), "analyze", "ACC-NWR", "--as-of", "yesterday"])
    assert result.exit_code == 2
    assert "Invalid value for '--as-of': 'yesterday' does not match the format '%Y-%m-%d'" in result.output


def test_map_writes_one_self_contained_page(home, tmp_path):
    out = tmp_path / "nwr.html"
    result = run(home, "map", "Northwind Retail Group", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote {out}"
    html = out.read_text(encoding="utf-8")
    assert "<title>Northwind Retail Group — relationship map</title>" in html and "<script src=" not in html


def test_map_of_the_portfolio_focus_and_redaction(home, tmp_path):
    assert run(home, "map", "--portfolio", "-o", str(tmp_path / "all.html")).exit_code == 0
    assert "Portfolio of 4 accounts" in (tmp_path / "all.html").read_text(encoding="utf-8")
    people = json.loads(CliRunner().invoke(cli, ["--store", str(home), "people", "ACC-NWR", "--json"]).output)
    ceo = next(p for p in people if p["title"] == "Chief Executive Officer")
    result = run(home, "map", "ACC-NWR", "--focus", ceo["name"], "--depth", "1", "--redact", "--layout", "force",
                 "-o", str(tmp_path / "ceo.html"))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "ceo.html").read_text(encoding="utf-8")
    assert ceo["name"] not in html and "names redacted" in html


def test_map_needs_an_account_or_the_portfolio(home, tmp_path):
    result = run(home, "map", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "name one ACCOUNT, or use --portfolio" in result.output

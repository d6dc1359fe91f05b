"""The demo's sample portfolio is deterministic, valid, and has what the demo promises."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from kamgraph.analysis import account_overview
from kamgraph.model import check_dataset
from kamgraph.sample import sample_portfolio
from kamgraph.snapshot import snapshot_from_dataset

AS_OF = dt.date(2026, 11, 22)


def test_the_same_date_gives_the_same_portfolio():
    assert sample_portfolio(AS_OF) == sample_portfolio(AS_OF)
    assert sample_portfolio(AS_OF).interactions != sample_portfolio(AS_OF + dt.timedelta(days=1)).interactions


def test_the_sample_passes_every_import_rule():
    check_dataset(sample_portfolio(AS_OF))


def test_the_retail_account_is_large_political_and_has_a_departed_team_member():
    data = sample_portfolio(AS_OF)
    contacts = [p for p in data.people if p.account == "ACC-NWR"]
    assert 95 <= len(contacts) <= 110
    assert len({p.department for p in contacts}) >= 9
    assert Counter(p.attitude for p in contacts)["blocker"] >= 1
    assert {r.role for r in data.roles if r.account == "ACC-NWR"} >= {"economic_buyer", "decision_maker", "gatekeeper", "champion"}
    assert len([link for link in data.links if link.kind == "conflict"]) >= 2
    team = {t.person for t in data.team if t.account == "ACC-NWR"}
    assert len(team) == 10
    assert [p.id for p in data.people if p.id in team and not p.active] == ["OUR-10"]


def test_the_retail_team_has_hundreds_of_relationships_into_the_account():
    data = sample_portfolio(AS_OF)
    people = {p.id: p for p in data.people}
    graph = snapshot_from_dataset(data, "ACC-NWR")
    overview = account_overview(graph)
    assert overview["relationships"] >= 600 and overview["departed"] == 1
    assert people["OUR-10"].left_on < AS_OF.isoformat()


def test_the_distribution_accounts_are_split_kam_kas_kae():
    data = sample_portfolio(AS_OF)
    roles = {(t.account, t.role) for t in data.team}
    assert ("ACC-ALP", "KAM") in roles
    assert {("ACC-KES", "KAS"), ("ACC-KES", "KAM (responsible)")} <= roles
    assert {("ACC-BRA", "KAE"), ("ACC-BRA", "KAS (responsible)")} <= roles
    reports = {(link.source, link.target) for link in data.links if link.kind == "reports_to"}
    assert {("OUR-13", "OUR-12"), ("OUR-12", "OUR-11")} <= reports


def test_records_built_in_code_must_use_normal_vocabulary():
    import pytest

    from kamgraph.model import Account, BuyingRole, Dataset, Person, ValidationError

    data = Dataset(accounts=[Account("A", "A")], people=[Person("p", "P", "customer", account="A")],
                   roles=[BuyingRole("p", "A", "Economic Buyer")])
    with pytest.raises(ValidationError, match="'Economic Buyer' is not a known role"):
        check_dataset(data)

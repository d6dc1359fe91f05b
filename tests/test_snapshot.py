"""The snapshot: store records become a networkx graph here and only here."""

from __future__ import annotations

import pytest
from conftest import small_dataset

from kamgraph.errors import KamgraphError, NotFound
from kamgraph.model import Account, Dataset
from kamgraph.snapshot import load_portfolio, load_snapshot, people_rows


def test_snapshot_holds_the_accounts_people_their_links_roles_and_interactions(embedded):
    embedded.write(small_dataset())
    g = load_snapshot(embedded, "A1")
    assert g.graph["account"]["name"] == "Ærø Handel GmbH"
    assert g.nodes["c1"]["account"] == "A1" and g.nodes["c1"]["teams"] == {}
    assert g.nodes["s2"]["teams"] == {"A1": "KAE"} and g.nodes["s2"]["active"] is False
    assert set(g.edges(keys=True)) == {
        ("c1", "c2", "REPORTS_TO"), ("c3", "c1", "REPORTS_TO"), ("c3", "c2", "INFLUENCES"),
        ("c1", "c3", "IN_CONFLICT_WITH"), ("s1", "c1", "KNOWS"), ("s2", "c2", "KNOWS")}
    assert g.edges["s1", "c1", "KNOWS"]["level"] == "trusted_advisor"
    assert sorted((r["role"], r.get("opportunity")) for r in g.nodes["c1"]["roles"]) == [
        ("champion", None), ("decision_maker", "o1")]
    # interactions are in the log, and counted onto the people who took part
    assert sorted(g.graph["interactions"], key=lambda i: i["id"]) == [
        {"id": "i1", "date": "2026-10-01", "kind": "meeting", "account": "A1", "participants": ["c1", "c2", "s1"]},
        {"id": "i2", "date": "2026-04-01", "kind": "email", "account": "A1", "participants": ["c2", "s2"]}]
    assert g.nodes["c2"]["interaction_count"] == 2 and g.nodes["c2"]["last_interaction"] == "2026-10-01"
    assert g.nodes["c3"]["interaction_count"] == 0 and g.nodes["c3"]["last_interaction"] is None
    assert [o["id"] for o in g.graph["opportunities"]] == ["o1"]


def test_an_account_is_named_by_id_or_name_in_any_case(embedded):
    embedded.write(small_dataset())
    assert load_snapshot(embedded, "Ærø Handel GmbH").graph["account"]["id"] == "A1"
    assert load_snapshot(embedded, "ærø handel gmbh").graph["account"]["id"] == "A1"
    with pytest.raises(NotFound, match="no account has the id or name 'Ærø Handel'"):
        load_snapshot(embedded, "Ærø Handel")


def test_two_accounts_with_one_name_must_be_named_by_id(embedded):
    embedded.write(Dataset(accounts=[Account("X1", "Twin"), Account("X2", "Twin")]))
    with pytest.raises(KamgraphError, match="2 accounts match 'Twin': Twin \\(X1\\); Twin \\(X2\\); name one by its id"):
        load_snapshot(embedded, "Twin")
    assert load_snapshot(embedded, "X2").graph["account"]["id"] == "X2"


def test_portfolio_has_every_account_and_our_people_once(embedded):
    data = small_dataset()
    from kamgraph.model import Person, TeamMember

    data.accounts.append(Account("A2", "Second"))
    data.people.append(Person("d1", "Dana", "customer", account="A2"))
    data.team.append(TeamMember("A2", "s1", "KAE"))
    embedded.write(data)
    g = load_portfolio(embedded)
    assert set(g.graph["accounts"]) == {"A1", "A2"}
    assert g.nodes["s1"]["teams"] == {"A1": "KAM", "A2": "KAE"}
    assert g.nodes["d1"]["account"] == "A2"


def test_people_rows_put_customers_first_by_department_and_seniority(embedded):
    embedded.write(small_dataset())
    rows = people_rows(load_snapshot(embedded, "A1"))
    assert [r["id"] for r in rows] == ["c3", "c1", "c2", "s1", "s2"]
    assert rows[1]["roles"] == ["champion", "decision_maker"]


def test_a_snapshot_from_a_dataset_is_the_one_the_store_gives(embedded):
    import datetime as dt

    from kamgraph.sample import sample_portfolio
    from kamgraph.snapshot import snapshot_from_dataset

    data = sample_portfolio(dt.date(2026, 11, 1))
    embedded.write(data)
    for account in ("ACC-NWR", "ACC-KES"):
        stored, direct = load_snapshot(embedded, account), snapshot_from_dataset(data, account)
        assert dict(stored.nodes(data=True)) == dict(direct.nodes(data=True))
        assert sorted(stored.edges(keys=True, data=True), key=repr) == sorted(direct.edges(keys=True, data=True), key=repr)
        assert stored.graph["account"] == direct.graph["account"]
        key = lambda i: i["id"]  # noqa: E731
        assert sorted(stored.graph["interactions"], key=key) == sorted(direct.graph["interactions"], key=key)

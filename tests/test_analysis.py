"""The analyses on hand-built accounts whose answers are worked out by hand, and their invariants."""

from __future__ import annotations

import datetime as dt
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.analysis import (
    analyze_account,
    decision_power,
    relationship_strengths,
    warm_paths,
    what_if,
)

AS_OF = "2026-06-30"


def days_ago(n: int) -> str:
    return (dt.date.fromisoformat(AS_OF) - dt.timedelta(days=n)).isoformat()


def met(g, member, contact, *interactions):
    """Record interactions between two people in the graph's interaction log (a plain list in a hand-built graph)."""
    log = g.graph.setdefault("interactions", [])
    log += [{"id": f"i{len(log) + i}", "date": d, "kind": k, "participants": [member, contact]}
            for i, (d, k) in enumerate(interactions)]


def toy_account() -> nx.MultiDiGraph:
    """A five-person buying centre and three of ours, one of whom has left."""
    g = nx.MultiDiGraph(account={"id": "A", "name": "Acme"}, interactions=[])
    g.add_node("ceo", side="customer", name="Cora CEO", level="executive", roles=[], department="Board")
    g.add_node("cfo", side="customer", name="Finn CFO", level="executive", roles=[{"role": "economic_buyer"}], department="Board")
    g.add_node("buyer", side="customer", name="Bo Buyer", level="staff", roles=[{"role": "evaluator"}], department="Buying")
    g.add_node("blocker", side="customer", name="Bea Blocker", level="director", roles=[], attitude="blocker",
               influence=0.9, department="Supply")
    g.add_node("gone", side="customer", name="Gil Gone", level="manager", roles=[], active=False, department="Buying")
    g.add_node("kam", side="supplier", name="Kim KAM", level="manager", active=True)
    g.add_node("sponsor", side="supplier", name="Sam Sponsor", level="executive", active=True)
    g.add_node("left", side="supplier", name="Lee Left", level="manager", active=False)
    for report, boss in [("cfo", "ceo"), ("buyer", "cfo"), ("blocker", "ceo"), ("gone", "cfo")]:
        g.add_edge(report, boss, key="REPORTS_TO")
    g.add_edge("kam", "cfo", key="KNOWS", level="trusted_advisor")
    met(g, "kam", "cfo", (AS_OF, "meeting"))
    met(g, "kam", "buyer", (days_ago(90), "email"))
    g.add_edge("left", "ceo", key="KNOWS", level="problem_solver")
    met(g, "sponsor", "blocker", (days_ago(200), "meeting"))
    return g


def test_strength_combines_recency_kind_and_declared_level_as_worked_out_by_hand():
    s = relationship_strengths(toy_account(), as_of=AS_OF)
    # kam-cfo: a meeting today (activity 1, so 1 - e^-0.5) or'ed with trusted_advisor (0.8)
    assert s["kam", "cfo"].strength == pytest.approx(1 - math.exp(-0.5) * 0.2)
    # kam-buyer: one email 90 days ago: 0.25 x 0.5 = 0.125 -> 1 - e^-0.0625
    assert s["kam", "buyer"].strength == pytest.approx(1 - math.exp(-0.0625))
    assert s["kam", "buyer"].stale is False  # 90 days is not older than 90
    # sponsor-blocker: one meeting 200 days ago, stale
    assert s["sponsor", "blocker"].strength == pytest.approx(1 - math.exp(-(0.5 ** (200 / 90)) / 2))
    assert s["sponsor", "blocker"].stale is True and s["sponsor", "blocker"].days_since == 200
    assert s["left", "ceo"].active is False and s["left", "ceo"].strength == pytest.approx(0.6)


def test_stale_after_and_as_of_are_respected():
    g = toy_account()
    assert relationship_strengths(g, as_of=AS_OF, stale_after=250)["sponsor", "blocker"].stale is False
    earlier = relationship_strengths(g, as_of=days_ago(1))
    assert earlier["kam", "cfo"].interactions == 0  # the meeting on AS_OF is in the future then
    assert earlier["kam", "cfo"].strength == pytest.approx(0.8)


def test_decision_makers_include_the_chief_executive_by_position_and_rank_staff_below_executives():
    power = decision_power(toy_account())
    assert power["ceo"]["decision_maker"] and power["ceo"]["components"]["roles"] == []
    assert power["ceo"]["components"]["span"] == 3  # cfo, buyer, blocker (gone has left)
    assert power["cfo"]["decision_maker"] and power["cfo"]["score"] > power["ceo"]["score"]
    assert power["buyer"]["score"] < min(power["ceo"]["score"], power["cfo"]["score"])
    assert not power["buyer"]["decision_maker"]
    assert "gone" not in power


def test_staff_is_never_ranked_above_the_executives_they_report_to():
    g = toy_account()
    g.nodes["buyer"]["roles"] = [{"role": "economic_buyer"}, {"role": "decision_maker"}]
    g.nodes["buyer"]["influence"] = 1.0
    g.nodes["cfo"]["roles"] = []
    power = decision_power(g)
    assert power["buyer"]["score"] < power["cfo"]["score"]  # seniority alone keeps them apart here
    assert power["buyer"]["components"]["capped_by"] is None
    # With weights that reward roles alone, the cap is what keeps the order.
    power = decision_power(g, weights={"role": 0.9, "position": 0.1, "influence": 0.0})
    assert power["buyer"]["score"] < min(power["cfo"]["score"], power["ceo"]["score"])
    assert power["buyer"]["components"]["capped_by"] in ("cfo", "ceo")


def test_analyze_finds_the_gaps_and_risks_of_the_toy_account():
    result = analyze_account(toy_account(), as_of=AS_OF)
    assert [d["id"] for d in result["decision_makers"]] == ["cfo", "ceo"]
    cov = result["coverage"]
    assert (cov["contacts"], cov["covered_contacts"], cov["decision_makers"], cov["covered_decision_makers"],
            cov["threads"]) == (4, 1, 2, 1, 1)
    assert cov["uncovered_departments"] == ["Buying", "Supply"]
    assert cov["uncovered_roles"] == ["evaluator"]
    gaps = {(g["kind"], g["id"], g["severity"]) for g in result["gaps"]}
    assert ("uncovered_contact", "ceo", "high") in gaps
    assert ("uncovered_role", "evaluator", "medium") in gaps
    risks = {(r["kind"], r["id"]): r for r in result["risks"]}
    assert risks["single_point_of_contact", "cfo"]["covered_by"] == ["kam"]
    assert risks["single_point_of_contact", "cfo"]["severity"] == "high"
    assert risks["single_threaded_account", "A"]["severity"] == "high"
    assert risks["key_person_dependency", "kam"]["share"] == 1.0
    assert risks["departed_owner", "ceo"]["held_by"] == ["left"]
    assert risks["unengaged_blocker", "blocker"]["severity"] == "high"
    assert result["gaps"][0]["severity"] == "high" and result["risks"][-1]["severity"] in ("high", "medium", "low")


def test_health_is_the_sum_of_its_components():
    result = analyze_account(toy_account(), as_of=AS_OF)
    c = {k: v["value"] for k, v in result["health"]["components"].items()}
    assert c["independence"] == 0.0  # one person holds all the strength to the decision-makers
    assert c["freshness"] == 1.0 and c["threads"] == pytest.approx(1 / 3, abs=1e-4)
    assert c["breadth"] == pytest.approx(1 / 3, abs=1e-4)  # Board covered; Buying and Supply not
    kam_cfo = 1 - math.exp(-0.5) * 0.2
    assert c["decision_maker_strength"] == pytest.approx(kam_cfo / 2, abs=1e-4)
    points = sum(v["points"] for v in result["health"]["components"].values())
    assert result["health"]["score"] == pytest.approx(points, abs=0.1)


def test_what_if_the_only_relationship_holder_leaves():
    result = what_if(toy_account(), ["kam"], as_of=AS_OF)
    assert result["newly_uncovered"] == ["cfo"]
    assert result["lost_threads"] == 1
    assert result["health_delta"] < 0
    assert {r["kind"] for r in result["risks"]} >= {"departed_owner"}


def test_what_if_a_customer_leaves_drops_them_from_the_account():
    result = what_if(toy_account(), ["cfo"], as_of=AS_OF)
    assert "cfo" not in {c["id"] for c in result["contacts"]}
    assert result["newly_uncovered"] == [] and result["lost_threads"] == 1


def test_warm_paths_are_strongest_first_and_avoid_conflicts_and_people_who_left():
    g = toy_account()
    paths = warm_paths(g, "ceo", k=2, as_of=AS_OF)["paths"]
    assert [p["people"] for p in paths] == [["kam", "cfo", "ceo"], ["sponsor", "blocker", "ceo"]]
    assert paths[0]["strength"] == pytest.approx((1 - math.exp(-0.5) * 0.2) * 0.7, abs=1e-4)
    g.add_edge("blocker", "ceo", key="IN_CONFLICT_WITH")
    paths = warm_paths(g, "ceo", k=2, as_of=AS_OF)["paths"]
    assert [p["people"] for p in paths] == [["kam", "cfo", "ceo"], ["kam", "buyer", "cfo", "ceo"]]
    assert all("left" not in p["people"] and "gone" not in p["people"] for p in paths)


def test_warm_paths_to_someone_unreachable_is_empty_and_to_someone_gone_is_an_error():
    g = toy_account()
    g.add_node("island", side="customer", level="staff", roles=[])
    assert warm_paths(g, "island", as_of=AS_OF)["paths"] == []
    from kamgraph.errors import KamgraphError

    with pytest.raises(KamgraphError, match="has left"):
        warm_paths(g, "gone", as_of=AS_OF)


def test_an_account_with_nobody_in_it_analyses_to_zero():
    g = nx.MultiDiGraph(account={"id": "E", "name": "Empty"}, interactions=[])
    result = analyze_account(g, as_of=AS_OF)
    assert result["health"]["score"] == 0 and result["decision_makers"] == [] and result["gaps"] == []
    assert [r["kind"] for r in result["risks"]] == ["single_threaded_account"]


# ---------------------------------------------------------------------------------------------
# Invariants over random accounts.

KINDS = ["meeting", "call", "email", "task"]


@st.composite
def accounts(draw):
    n_customers = draw(st.integers(1, 7))
    n_ours = draw(st.integers(1, 4))
    g = nx.MultiDiGraph(account={"id": "R", "name": "Random"}, interactions=[])
    for i in range(n_customers):
        g.add_node(f"c{i}", side="customer", level=draw(st.sampled_from(["executive", "director", "manager", "staff"])),
                   roles=[{"role": r} for r in draw(st.lists(st.sampled_from(["economic_buyer", "user", "champion"]), max_size=2))],
                   active=draw(st.booleans()) or i == 0, department=draw(st.sampled_from(["X", "Y"])),
                   attitude=draw(st.sampled_from(["blocker", "neutral", "champion"])))
        if i:
            g.add_edge(f"c{i}", f"c{draw(st.integers(0, i - 1))}", key="REPORTS_TO")
    for j in range(n_ours):
        g.add_node(f"s{j}", side="supplier", active=draw(st.booleans()) or j == 0,
                   level=draw(st.sampled_from(["executive", "manager"])))
    for j in range(n_ours):
        for i in range(n_customers):
            if draw(st.booleans()):
                dates = draw(st.lists(st.tuples(st.integers(0, 400), st.sampled_from(KINDS)), max_size=4))
                if dates:
                    met(g, f"s{j}", f"c{i}", *[(days_ago(d), k) for d, k in dates])
            if draw(st.integers(0, 4)) == 0:
                g.add_edge(f"s{j}", f"c{i}", key="KNOWS", level=draw(st.sampled_from(["vendor", "trusted_advisor"])))
    return g


@settings(max_examples=60, deadline=None)
@given(accounts(), st.data())
def test_adding_an_interaction_never_lowers_a_strength(g, data):
    before = relationship_strengths(g, as_of=AS_OF)
    member = data.draw(st.sampled_from([n for n in g if n.startswith("s")]))
    contact = data.draw(st.sampled_from([n for n in g if n.startswith("c")]))
    met(g, member, contact, (days_ago(data.draw(st.integers(0, 500))), data.draw(st.sampled_from(KINDS))))
    after = relationship_strengths(g, as_of=AS_OF)
    for pair, rel in before.items():
        assert after[pair].strength >= rel.strength - 1e-12


@settings(max_examples=60, deadline=None)
@given(accounts(), st.data())
def test_removing_a_team_member_never_adds_coverage(g, data):
    member = data.draw(st.sampled_from([n for n in g if n.startswith("s")]))
    before = analyze_account(g, as_of=AS_OF)
    after = what_if(g, [member], as_of=AS_OF)
    covered = lambda r: {c["id"] for c in r["contacts"] if c["covered"]}  # noqa: E731
    assert covered(after) <= covered(before)
    assert after["coverage"]["threads"] <= before["coverage"]["threads"]
    assert after["lost_threads"] >= 0


@settings(max_examples=40, deadline=None)
@given(accounts())
def test_a_what_if_with_nobody_removed_changes_nothing(g):
    before = analyze_account(g, as_of=AS_OF)
    after = what_if(g, [], as_of=AS_OF)
    assert after["newly_uncovered"] == [] and after["lost_threads"] == 0 and after["health_delta"] == 0
    assert {k: after[k] for k in before} == before


@settings(max_examples=60, deadline=None)
@given(accounts(), st.data())
def test_every_path_ends_at_its_target_and_has_nobody_who_left(g, data):
    targets = [n for n, d in g.nodes(data=True) if d["side"] == "customer" and d.get("active", True)]
    target = data.draw(st.sampled_from(targets))
    result = warm_paths(g, target, k=4, as_of=AS_OF)
    strengths = [p["strength"] for p in result["paths"]]
    assert strengths == sorted(strengths, reverse=True)
    for path in result["paths"]:
        assert path["people"][-1] == target
        assert g.nodes[path["people"][0]]["side"] == "supplier"
        assert all(g.nodes[p].get("active", True) for p in path["people"])
        assert len(set(path["people"])) == len(path["people"])

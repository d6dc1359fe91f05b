"""The relationship map's encoding rules, read from the data the page is built from."""

from __future__ import annotations

import json
import re

import networkx as nx
from test_analysis import AS_OF, toy_account

from kamgraph.render.relationship_map import (
    ATTITUDE_COLOURS,
    DEPARTED,
    SEVERITY_RING,
    map_data,
    map_html,
)

EVIL = "<img src=x onerror=alert(1)>"


def by_label(data: dict) -> dict[str, dict]:
    return {n["label"].removeprefix("⚠ "): n for n in data["nodes"]}


def edge(data, source: str, target: str, kind: str = "relationship") -> dict:
    nodes = by_label(data)
    return next(e for e in data["edges"]
                if e["from"] == nodes[source]["id"] and e["to"] == nodes[target]["id"] and e["kind"] == kind)


def test_customers_are_coloured_by_attitude_and_sized_by_power():
    data = map_data([toy_account()], as_of=AS_OF)
    nodes = by_label(data)
    assert nodes["Bea Blocker"]["color"]["background"] == ATTITUDE_COLOURS["blocker"]
    assert nodes["Cora CEO"]["color"]["background"] == ATTITUDE_COLOURS[None]
    assert nodes["Cora CEO"]["shape"] == "dot" and nodes["Kim KAM"]["shape"] == "diamond"
    assert nodes["Finn CFO"]["size"] > nodes["Bo Buyer"]["size"]


def test_relationships_are_as_wide_as_they_are_strong_and_dashed_when_stale():
    g = toy_account()
    g.add_edge("sponsor", "cfo", key="KNOWS", level="vendor")
    data = map_data([g], as_of=AS_OF)
    strong, weak = edge(data, "Kim KAM", "Finn CFO"), edge(data, "Sam Sponsor", "Finn CFO")
    assert strong["width"] > weak["width"]
    assert strong["dashes"] is False
    stale = edge(data, "Lee Left", "Cora CEO")  # held by someone who left: grey and dashed
    assert stale["color"]["color"] == DEPARTED and stale["dashes"]
    g.nodes["sponsor"]["active"] = True
    g.add_edge("sponsor", "blocker", key="KNOWS", level="problem_solver")  # strong enough to draw, but stale
    data = map_data([g], as_of=AS_OF)
    assert edge(data, "Sam Sponsor", "Bea Blocker")["dashes"] == [6, 6]


def test_reporting_lines_influence_and_conflict_are_drawn_apart():
    g = toy_account()
    g.add_edge("blocker", "cfo", key="IN_CONFLICT_WITH")
    g.add_edge("buyer", "cfo", key="INFLUENCES", weight=0.8)
    data = map_data([g], as_of=AS_OF)
    kinds = {e["kind"]: e for e in data["edges"]}
    assert set(kinds) == {"relationship", "reports_to", "influences", "conflict"}
    assert kinds["reports_to"]["arrows"] == "to" and kinds["conflict"]["dashes"]
    assert len({kinds[k]["color"]["color"] for k in ("reports_to", "influences", "conflict")}) == 3


def test_an_uncovered_decision_maker_is_ringed_red_and_flagged():
    nodes = by_label(map_data([toy_account()], as_of=AS_OF))
    ceo = nodes["Cora CEO"]
    assert ceo["label"].startswith("⚠ ") and ceo["severity"] == "high"
    assert ceo["color"]["border"] == SEVERITY_RING["high"][0] and ceo["borderWidth"] == SEVERITY_RING["high"][1]
    assert "HIGH: uncovered contact" in ceo["title"]


def test_the_org_layout_puts_managers_above_their_reports_and_our_team_beside():
    nodes = by_label(map_data([toy_account()], as_of=AS_OF, layout="org"))
    assert nodes["Cora CEO"]["y"] < nodes["Finn CFO"]["y"] < nodes["Bo Buyer"]["y"]
    assert max(nodes[n]["x"] for n in ("Kim KAM", "Sam Sponsor")) < min(
        nodes[n]["x"] for n in ("Cora CEO", "Finn CFO", "Bo Buyer", "Bea Blocker"))
    assert all(n["physics"] is False for n in nodes.values())


def test_focus_draws_one_neighbourhood():
    data = map_data([toy_account()], as_of=AS_OF, focus="buyer", depth=1)
    assert set(by_label(data)) == {"Bo Buyer", "Finn CFO", "Kim KAM"}


def test_people_who_left_the_customer_are_not_drawn():
    assert "Gil Gone" not in by_label(map_data([toy_account()], as_of=AS_OF))


def test_redaction_leaves_no_customer_name_or_email_in_the_file():
    g = toy_account()
    g.nodes["cfo"]["email"] = "finn.cfo@acme.example"
    html = map_html(g, as_of=AS_OF, redact=True)
    for _, d in g.nodes(data=True):
        secret = [d["name"], d.get("email")] if d["side"] == "customer" else []
        for text in filter(None, secret):
            assert text not in html and json.dumps(text)[1:-1] not in html, text
    assert "Kim KAM" in html  # our own team keeps its names
    everyone = map_html(g, as_of=AS_OF, redact_all=True)
    assert not any(d["name"] in everyone for _, d in g.nodes(data=True))


def test_user_text_is_escaped_in_the_page():
    g = toy_account()
    g.nodes["buyer"]["name"] = EVIL
    g.nodes["buyer"]["department"] = "</script><script>alert(2)</script>"
    html = map_html(g, as_of=AS_OF, title=EVIL)
    assert EVIL not in html and "</script><script>alert(2)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the heading, escaped


def test_the_page_is_one_self_contained_file():
    html = map_html(toy_account(), as_of=AS_OF)
    assert not re.search(r"<script[^>]+src=", html) and "<link" not in html
    assert '<meta charset="utf-8">' in html


def test_a_portfolio_map_holds_every_account():
    a, b = toy_account(), nx.MultiDiGraph(account={"id": "B", "name": "Beta"}, interactions=[])
    b.add_node("x", side="customer", name="Xena", level="staff", roles=[], account="B")
    b.add_node("kam", side="supplier", name="Kim KAM", teams={"B": "KAE"})
    data = map_data([a, b], as_of=AS_OF)
    assert {"Xena", "Kim KAM", "Cora CEO"} <= set(by_label(data))
    assert data["counts"]["people"] == 8  # 4 + Xena theirs, 3 ours, Kim once

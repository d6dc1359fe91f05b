"""The relationship map's encoding rules, read from the data the page is built from."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

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
    return {n["label"].removeprefix("⚠ ").split("\n")[0]: n for n in data["nodes"]}


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


def test_the_org_layout_puts_managers_above_their_reports_and_our_team_in_a_band_above():
    data = map_data([toy_account()], as_of=AS_OF, layout="org")
    nodes = by_label(data)
    assert nodes["Cora CEO"]["y"] < nodes["Finn CFO"]["y"] < nodes["Bo Buyer"]["y"]
    assert max(nodes[n]["y"] for n in ("Kim KAM", "Sam Sponsor")) < min(
        nodes[n]["y"] for n in ("Cora CEO", "Finn CFO", "Bo Buyer", "Bea Blocker"))
    (x0, y0, x1, y1), = data["bands"]  # one band, around our team and nobody else
    inside = {label for label, n in nodes.items() if x0 <= n["x"] <= x1 and y0 <= n["y"] <= y1}
    assert inside == {label for label, n in nodes.items() if n["side"] == "ours"}
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


LEVELS = ["executive", "director", "manager", "staff"]
DEPARTMENT = "Directorate-General for Infrastructure, Estates and Facilities Management (Région Île-de-France)"


def generated_org(people: int = 150, ours: int = 8, seed: int = 3) -> nx.MultiDiGraph:
    """A flat-and-deep organisation: a chief executive, one very wide team, one long chain, the rest in between.

    Names and titles in several scripts and lengths, odd ids; our team knows many of them at declared levels.
    """
    import random

    rng = random.Random(seed)
    first = ["Åsa", "Zoë", "Jürgen", "Øystein", "María José", "Nguyễn", "Łukasz", "Ιωάννης", "Анна", "Siobhán", "Chidi", "Hà"]
    last = ["Ødegård-Lindqvist", "Núñez", "Van der Berg", "Papadopoulos", "Иванова", "O'Brien", "Kowalczyk", "Nakamura"]
    titles = ["Chief Executive Officer", "Deputy Director of Procurement and Contracts", "Head of IT", "Buyer",
              "Senior Category Manager — Facilities", "Analyst", "Directrice des achats", "Team Lead"]
    g = nx.MultiDiGraph(account={"id": "ORG-1", "name": "Generated Agency"}, interactions=[])

    def person(pid, level, title):
        g.add_node(pid, side="customer", name=f"{rng.choice(first)} {rng.choice(last)}", title=title, level=level,
                   roles=[], department=rng.choice(["Finance", "IT", "Operations", DEPARTMENT]), account="ORG-1",
                   attitude=rng.choice([None, "champion", "supporter", "neutral", "skeptic", "blocker"]))

    person("id:0/ceo", "executive", titles[0])
    ids = ["id:0/ceo"]
    vps = [f"vp #{i}" for i in range(4)]
    for v in vps:
        person(v, "executive", rng.choice(titles[1:3]))
        g.add_edge(v, "id:0/ceo", key="REPORTS_TO")
        ids.append(v)
    chain = vps[1]
    for depth in range(7):  # the deep part: a chain of managers
        pid = f"chain-{depth}"
        person(pid, "manager" if depth < 6 else "staff", rng.choice(titles[2:]))
        g.add_edge(pid, chain, key="REPORTS_TO")
        ids.append(pid)
        chain = pid
    i = 0
    while len(ids) < people:  # the flat part: most of the rest report to one director
        pid = f"ic/{i:03d}"
        person(pid, "staff", rng.choice(titles[3:]))
        g.add_edge(pid, vps[0] if i % 3 else rng.choice(vps[2:]), key="REPORTS_TO")
        ids.append(pid)
        i += 1
    for m in range(ours):
        g.add_node(f"us-{m}", side="supplier", name=f"{rng.choice(first)} Our{m}", title="Account Manager",
                   level=LEVELS[min(m, 3)], active=m != ours - 1, teams={"ORG-1": "KAE"})
        for contact in rng.sample(ids, 25):
            g.add_edge(f"us-{m}", contact, key="KNOWS", level=rng.choice(["vendor", "credible_source", "problem_solver"]))
    return g


def test_a_wide_flat_level_wraps_into_rows_and_our_team_never_shares_a_customer_row():
    data = map_data([generated_org()], as_of=AS_OF)
    theirs = [n for n in data["nodes"] if n["side"] == "theirs"]
    ours = [n for n in data["nodes"] if n["side"] == "ours"]
    rows: dict[float, list[float]] = {}
    for n in theirs:
        rows.setdefault(n["y"], []).append(n["x"])
    widest = max(len(xs) for xs in rows.values())
    assert len(rows) >= 6 and widest <= 25  # ~140 staff in one level would be one row of 140 without wrapping
    assert not {n["y"] for n in ours} & set(rows)
    assert max(n["y"] for n in ours) < min(rows)
    positions = [(n["x"], n["y"]) for n in data["nodes"]]
    assert len(set(positions)) == len(positions)  # nobody drawn on top of anybody


def test_labels_carry_the_title_under_the_name_and_executives_are_larger():
    g = toy_account()
    g.nodes["ceo"]["title"] = "Chief Executive Officer of the Whole Group"
    g.nodes["buyer"]["title"] = "Buyer"
    nodes = by_label(map_data([g], as_of=AS_OF))
    name, title = nodes["Cora CEO"]["label"].removeprefix("⚠ ").split("\n")
    assert name == "Cora CEO" and title.startswith("Chief Executi") and title.endswith("…") and len(title) <= 15
    assert "Chief Executive Officer of the Whole Group" in nodes["Cora CEO"]["title"]  # whole in the tooltip
    assert nodes["Bo Buyer"]["label"] == "Bo Buyer\nBuyer"
    assert nodes["Cora CEO"]["font"]["size"] > 14 and "font" not in nodes["Bo Buyer"]
    assert nodes["Cora CEO"]["size"] > nodes["Bo Buyer"]["size"]
    redacted = by_label(map_data([g], as_of=AS_OF, redact=True))
    assert "Cora CEO" not in str(redacted) and "\n" not in redacted["Bo Buyer" if "Bo Buyer" in redacted else "Buyer"]["label"]


def test_an_executive_known_only_by_title_is_drawn_as_one():
    g = toy_account()
    for person, title in (("ceo", "Direktur Utama"), ("buyer", "Asistente de Compras")):
        g.nodes[person]["level"] = None
        g.nodes[person]["title"] = title
    nodes = by_label(map_data([g], as_of=AS_OF))
    ceo = next(n for label, n in nodes.items() if label.startswith("Cora CEO"))
    buyer = next(n for label, n in nodes.items() if label.startswith("Bo Buyer"))
    assert ceo["level"] == "executive" and ceo["font"]["size"] > 14
    assert buyer["level"] == "staff" and "font" not in buyer


def test_by_default_each_contact_shows_its_strongest_active_line_and_every_line_a_finding_is_about():
    g = toy_account()
    g.add_edge("sponsor", "cfo", key="KNOWS", level="vendor")  # weaker than Kim's, no finding: hidden until asked
    g.add_edge("sponsor", "blocker", key="KNOWS", level="problem_solver")  # strong enough to draw, but stale
    data = map_data([g], as_of=AS_OF)
    assert edge(data, "Kim KAM", "Finn CFO")["hidden"] is False and edge(data, "Kim KAM", "Finn CFO")["primary"]
    weaker = edge(data, "Sam Sponsor", "Finn CFO")
    assert weaker["hidden"] is True and not weaker["primary"] and not weaker["finding"]
    departed = edge(data, "Lee Left", "Cora CEO")  # the departed_owner finding is about this line
    assert departed["hidden"] is False and departed["finding"]
    stale = edge(data, "Sam Sponsor", "Bea Blocker")  # the only, stale, relationship into the blocker
    assert stale["hidden"] is False and stale["finding"] and stale["dashes"]
    assert data["counts"]["relationships_shown"] == sum(not e["hidden"] for e in data["edges"] if e["kind"] == "relationship")


def test_the_page_counts_the_findings_analyze_lists():
    from kamgraph.analysis import analyze_account

    for g in (toy_account(), generated_org()):
        result = analyze_account(g, as_of=AS_OF)
        listed = result["gaps"] + result["risks"]
        data = map_data([g], as_of=AS_OF)
        assert data["counts"]["findings"] == len(listed) > 0
        assert data["counts"]["high"] == sum(f["severity"] == "high" for f in listed)
        html = map_html(g, as_of=AS_OF)
        assert f'<span id="findings-count">{len(listed)}</span> findings' in html


def test_the_review_pack_carries_the_map_at_its_own_size_and_no_user_text_breaks_out():
    from kamgraph.analysis import analyze_account
    from kamgraph.render.review import review_html

    g = generated_org(150)
    g.nodes["ic/001"]["name"] = "</script><script>alert(1)</script><!--"
    analysis = analyze_account(g, as_of=AS_OF)
    pack = {"graph": g, "analysis": analysis, "actions": [], "changes": None, "as_of": AS_OF}
    page, review = map_html(g, as_of=AS_OF), review_html(pack)
    printed = re.search(r'<section class="print-map".*?</section>', review, re.S).group(0)  # the still picture
    assert ET.fromstring(printed[printed.index("<svg"):printed.rindex("</svg>") + 6]) is not None
    # the map is not re-escaped into an attribute (that made it 1.6 times)
    assert len(review) - len(printed) < len(page) * 1.15
    assert "<script>alert(1)" not in review and "<script>alert(1)" not in page
    assert review.count("<iframe") == 1 and 'srcdoc="' not in review


def test_a_large_accounts_review_lists_every_decision_maker_and_the_most_powerful_and_says_so():
    from kamgraph.analysis import analyze_account
    from kamgraph.render.review import FINDING_ROWS, STAKEHOLDER_ROWS, _listed_contacts, review_html, review_markdown

    g = generated_org(STAKEHOLDER_ROWS + 150)
    analysis = analyze_account(g, as_of=AS_OF)
    pack = {"graph": g, "analysis": analysis, "actions": [], "changes": None, "as_of": AS_OF}
    review, md = review_html(pack), review_markdown(pack)
    table = re.search(r"<h2>Stakeholders</h2>.*?</section>", review, re.S).group(0)
    contacts = analysis["contacts"]
    assert table.count("<tr>") - 1 == STAKEHOLDER_ROWS < len(contacts)
    listed = {c["id"] for c in _listed_contacts(contacts)}
    assert len(listed) == STAKEHOLDER_ROWS and {c["id"] for c in contacts if c["decision_maker"]} <= listed
    powers = [c["power"] for c in contacts if c["id"] in listed and not c["decision_maker"]]
    left = [c["power"] for c in contacts if c["id"] not in listed]
    assert min(powers) >= max(left)  # the most powerful of the rest, none passed over
    assert table.count('class="dm"') == sum(c["decision_maker"] for c in contacts)
    said = f"Listed: {STAKEHOLDER_ROWS} of {len(contacts)} contacts"
    assert said in table and said in md and "lists them all" in md
    # findings beyond what a page holds: the most severe are listed, the rest counted by severity
    many = {**analysis, "risks": analysis["risks"] + [
        {"severity": "low", "kind": "uncovered_contact", "id": c["id"], "detail": f"low {i}"} for i, c in
        enumerate(contacts[:FINDING_ROWS])] + [{"severity": "high", "kind": "uncovered_contact", "id": "x",
                                                  "detail": "the one high finding added last"}]}
    listed = re.search(r"<h2>All gaps and risks</h2>.*?</section>", review_html({**pack, "analysis": many}), re.S).group(0)
    total = len(many["gaps"]) + len(many["risks"])
    assert listed.count("<tr>") - 1 == FINDING_ROWS and "the one high finding added last" in listed
    rest = sorted(many["gaps"] + many["risks"], key=lambda f: ["high", "medium", "low"].index(f["severity"]))[FINDING_ROWS:]
    assert {f["severity"] for f in rest} == {"low"}
    assert f"… and {total - FINDING_ROWS} more ({total - FINDING_ROWS} low)" in listed
    assert f"kamgraph analyze {g.graph['account']['id']} --json</code> lists them all" in listed
    small = generated_org(40)
    small_pack = {**pack, "graph": small, "analysis": analyze_account(small, as_of=AS_OF)}
    assert "Listed:" not in review_html(small_pack)

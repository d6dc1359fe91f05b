"""Decision power on real-shaped data: titles and reporting lines, no declared levels or roles.

Organisation charts built here: a deep hierarchy, a flat titled list with no
lines, a matrix (someone with two managers), Spanish titles, and a
public-sector chart of 180 graded posts on which the ranking must agree with
the grades on at least 95% of pairs. Hypothesis properties check the rules
that must hold on any chart.
"""

from __future__ import annotations

import itertools
import random

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgraph.analysis import analyze_account
from kamgraph.analysis.likely_roles import likely_roles
from kamgraph.analysis.power import decision_power, power_ranking
from kamgraph.analysis.seniority import person_level
from kamgraph.model import LEVELS

AS_OF = "2026-11-01"


def chart(people: list[tuple], lines: list[tuple[str, str]] = (), account: str = "A") -> nx.MultiDiGraph:
    """``people``: (id, title) or (id, title, extra attributes); ``lines``: (report, manager)."""
    g = nx.MultiDiGraph(account={"id": account, "name": account}, interactions=[], accounts={}, opportunities=[])
    for entry in people:
        pid, title, *extra = entry
        g.add_node(pid, side="customer", name=pid, title=title, roles=[], account=account, **(extra[0] if extra else {}))
    for report, manager in lines:
        g.add_edge(report, manager, key="REPORTS_TO")
    return g


def ranking(g: nx.MultiDiGraph) -> list[str]:
    return power_ranking(decision_power(g))


# --- Fixtures: deep, flat, matrix, Spanish ------------------------------------------------------------

def test_deep_hierarchy_with_titles_only_puts_the_chief_executive_first():
    g = chart(
        [("ceo", "Chief Executive Officer"), ("coo", "Chief Operating Officer"), ("cfo", "Chief Financial Officer"),
         ("vp_ops", "VP Operations"), ("dir_log", "Director of Logistics"), ("head_wh", "Head of Warehousing"),
         ("mgr_wh", "Warehouse Manager"), ("sup", "Shift Supervisor"), ("pick1", "Warehouse Operator"),
         ("pick2", "Warehouse Operator"), ("fin_mgr", "Finance Manager"), ("analyst", "Financial Analyst")],
        [("coo", "ceo"), ("cfo", "ceo"), ("vp_ops", "coo"), ("dir_log", "vp_ops"), ("head_wh", "dir_log"),
         ("mgr_wh", "head_wh"), ("sup", "mgr_wh"), ("pick1", "sup"), ("pick2", "sup"), ("fin_mgr", "cfo"),
         ("analyst", "fin_mgr")])
    power = decision_power(g)
    order = power_ranking(power)
    assert order[0] == "ceo"
    assert order[1] == "coo"  # the chief operating officer, with most of the company under them
    assert order.index("cfo") < order.index("dir_log") and order.index("fin_mgr") < order.index("analyst")
    # each step down the line ranks below the one above it
    line = ["ceo", "coo", "vp_ops", "dir_log", "head_wh", "mgr_wh", "sup", "pick1"]
    assert all(order.index(a) < order.index(b) for a, b in itertools.pairwise(line))
    assert {b["kind"] for b in power["ceo"]["basis"]} >= {"seniority", "hierarchy"}
    assert power["cfo"]["decision_maker"] and any(b["kind"] == "likely_role" for b in power["cfo"]["basis"])
    assert not power["pick1"]["decision_maker"] and not power["analyst"]["decision_maker"]


FLAT = [("ceo", "CEO"), ("cfo", "Chief Financial Officer"), ("cio", "CIO"), ("svp_sales", "SVP Sales"),
        ("svp_ops", "Senior Vice President, Operations"), ("vp_fac", "VP, Facilities"), ("vp_mkt", "VP Marketing"),
        ("dir_proc", "Director of Procurement"), ("dir_it", "IT Director"), ("cat", "Category Manager"),
        ("buyer", "Senior Buyer"), ("analyst", "Procurement Analyst"), ("pa", "Executive Assistant to the CEO")]


def test_flat_titled_list_with_no_lines_ranks_by_title():
    g = chart(FLAT)
    result = analyze_account(g, as_of=AS_OF)
    order = [c["id"] for c in result["contacts"]]
    dms = {d["id"] for d in result["decision_makers"]}
    assert order[0] == "ceo"
    assert {"ceo", "cfo"} <= dms
    executives = {c["id"] for c in result["contacts"] if c["level"] == "executive"}
    assert executives == {"ceo", "cfo", "cio", "svp_sales", "svp_ops", "vp_fac", "vp_mkt"}
    assert result["coverage"]["executives"]["contacts"] == 7
    assert all(c["level_source"] == "title" for c in result["contacts"])
    # seniority orders the list: every executive above every director, directors above the rest
    rank = {c: i for i, c in enumerate(order)}
    assert max(rank[e] for e in executives) < min(rank["dir_proc"], rank["dir_it"])
    assert max(rank["dir_proc"], rank["dir_it"]) < min(rank[x] for x in ("cat", "buyer", "analyst", "pa"))
    # likely roles, shown as such, with the reason
    by_id = {c["id"]: c for c in result["contacts"]}
    assert [r["role"] for r in by_id["cfo"]["likely_roles"]] == ["economic_buyer"]
    assert [r["role"] for r in by_id["cio"]["likely_roles"]] == ["technical_buyer"]
    assert [r["role"] for r in by_id["dir_proc"]["likely_roles"]] == ["decision_maker"]
    assert [r["role"] for r in by_id["cat"]["likely_roles"]] == ["evaluator"]
    assert all(r["reason"] for c in result["contacts"] for r in c["likely_roles"])
    assert "dir_proc" in dms  # a likely decision maker qualifies, and says why
    assert any(b["kind"] == "likely_role" for b in by_id["dir_proc"]["basis"])


def test_a_likely_role_never_overrides_a_declared_one_and_weighs_less():
    g = chart([("cfo", "CFO"), ("cfo2", "CFO")])
    g.nodes["cfo2"]["roles"] = [{"role": "user", "account": "A"}]
    power = decision_power(g)
    assert power["cfo"]["components"]["likely_roles"][0]["role"] == "economic_buyer"
    assert power["cfo2"]["components"]["likely_roles"] == []  # declared: no suggestion at all
    g.nodes["cfo2"]["roles"] = [{"role": "economic_buyer", "account": "A"}]
    power = decision_power(g)
    assert power["cfo2"]["score"] > power["cfo"]["score"]


def test_matrix_with_two_managers_keeps_the_top_and_counts_the_shared_report_once():
    g = chart(
        [("md", "Managing Director"), ("ops", "Operations Director"), ("com", "Commercial Director"),
         ("pm", "Project Manager"), ("eng", "Engineer"), ("sales", "Sales Representative"), ("kam", "Key Account Manager")],
        [("ops", "md"), ("com", "md"), ("pm", "ops"), ("pm", "com"), ("eng", "pm"), ("sales", "com"), ("kam", "com")])
    power = decision_power(g)
    order = power_ranking(power)
    assert order[0] == "md"
    assert power["md"]["components"]["span"] == 6
    assert power["pm"]["components"]["span"] == 1
    assert order.index("com") < order.index("pm") and order.index("ops") < order.index("pm")
    assert order.index("pm") < order.index("eng")


def test_spanish_directors_and_the_gerente_rank_above_planners_and_purchasing_assistants():
    g = chart([("dg", "Director General"), ("dc", "Director Comercial"), ("df", "Directora Financiera"),
               ("ger", "Gerente de Compras"), ("plan1", "Planificador de Demanda"),
               ("plan2", "Planificadora de Producción"), ("asis1", "Asistente de Compras"),
               ("asis2", "Auxiliar de Compras"), ("jefe", "Jefe de Almacén")])
    order = ranking(g)
    assert order[0] == "dg"
    seniors = ["dg", "dc", "df", "ger"]
    juniors = ["plan1", "plan2", "asis1", "asis2"]
    assert max(order.index(s) for s in seniors) < min(order.index(j) for j in juniors)


def test_front_line_staff_never_rank_above_their_own_executives_even_with_every_advantage():
    g = chart([("ceo", "Presidente"), ("rep", "Ejecutivo de Cuentas", {"influence": 1.0})], [("rep", "ceo")])
    g.nodes["rep"]["roles"] = [{"role": "economic_buyer", "account": "A"}]
    power = decision_power(g, weights={"role": 0.9, "position": 0.1, "influence": 0.0})
    assert power["rep"]["score"] < power["ceo"]["score"]
    assert power["rep"]["components"]["capped_by"] == "ceo"


# --- A public body's chart of 180 graded posts ---------------------------------------------------------

DIRECTORATES = {
    "Place": ["Director of Planning and Growth", "Director of Highways and Transport", "Director of Environment"],
    "People": ["Director of Education", "Director of Public Health", "Assistant Director, Early Help"],
    "Resources": ["Director of Finance", "Director of Digital and IT", "Director of Legal and Governance"],
    "Adults": ["Director of Adult Social Care", "Assistant Director, Commissioning", "Director of Housing"],
    "Children": ["Director of Children's Services", "Assistant Director, Safeguarding", "Director of Education Inclusion"],
}
HEADS = ["Head of Service", "Head of Revenues and Benefits", "Head of Procurement", "Head of Operations",
         "Head of Strategy and Performance", "Head of Commissioning"]
MANAGERS = ["Service Manager", "Team Manager", "Operations Manager", "Senior Manager, Quality", "Business Manager",
            "Contracts Manager", "Area Manager"]
OFFICERS = ["Planning Officer", "Senior Practitioner", "Business Support Officer", "Customer Services Advisor",
            "Environmental Health Officer", "Housing Assistant", "Procurement Officer", "Finance Officer",
            "Data Analyst", "Project Coordinator", "Social Worker", "Occupational Therapist", "Technical Officer",
            "Revenues Officer", "Administrative Assistant"]


def public_body(seed: int = 7) -> tuple[nx.MultiDiGraph, dict[str, int]]:
    """About 180 posts in six grades: the chief executive (1), executive directors (2), directors (3),
    heads of service (4), managers (5), officers (6). Spans vary as on a real chart; a few officers
    report straight to a head of service, and the chief executive has a personal assistant."""
    rng = random.Random(seed)
    people, lines, grades = [("p0", "Chief Executive")], [], {"p0": 1}

    def add(title, grade, manager):
        pid = f"p{len(grades)}"
        people.append((pid, title))
        grades[pid] = grade
        if manager:
            lines.append((pid, manager))
        return pid

    add("Personal Assistant to the Chief Executive", 6, "p0")
    for area, directors in DIRECTORATES.items():
        ed = add(f"Executive Director of {area}", 2, "p0")
        for title in directors:
            d = add(title, 3, ed)
            for _ in range(rng.choice([1, 2, 2, 3])):
                h = add(rng.choice(HEADS), 4, d)
                for _ in range(rng.choice([1, 2, 2])):
                    m = add(rng.choice(MANAGERS), 5, h)
                    for _ in range(rng.choice([0, 1, 1, 2])):
                        add(rng.choice(OFFICERS), 6, m)
                if rng.random() < 0.3:
                    add(rng.choice(OFFICERS), 6, h)
    while len(grades) < 180:  # fill to 180 with officers under random managers
        managers = [p for p, g in grades.items() if g == 5]
        add(rng.choice(OFFICERS), 6, rng.choice(managers))
    return chart(people, lines), grades


def pairwise_agreement(order: list[str], grades: dict[str, int]) -> float:
    rank = {p: i for i, p in enumerate(order)}
    pairs = [(a, b) for a, b in itertools.combinations(grades, 2) if grades[a] != grades[b]]
    agree = sum((rank[a] < rank[b]) == (grades[a] < grades[b]) for a, b in pairs)
    return agree / len(pairs)


def test_public_body_chart_agrees_with_its_grades():
    for seed in (7, 11, 23):
        g, grades = public_body(seed)
        assert 170 <= len(grades) <= 190
        power = decision_power(g)
        order = power_ranking(power)
        assert order[0] == "p0"
        assert pairwise_agreement(order, grades) >= 0.95
        executive_directors = [p for p, grade in grades.items() if grade == 2]
        assert all(power[p]["decision_maker"] for p in executive_directors)
        assert power["p0"]["decision_maker"]
        assert not any(power[p]["decision_maker"] for p, grade in grades.items() if grade == 6)


def test_the_grade_agreement_measure_can_fail():
    _, grades = public_body()
    assert pairwise_agreement(sorted(grades, key=lambda p: -grades[p]), grades) == 0.0
    assert pairwise_agreement(sorted(grades, key=lambda p: grades[p]), grades) == 1.0


# --- Properties -----------------------------------------------------------------------------------------

LADDER = ["Administrative Assistant", "Analyst", "Coordinator", "Team Leader", "Manager", "Senior Manager",
          "Head of Operations", "Director", "Senior Director", "Vice President", "Senior Vice President",
          "Chief Operating Officer", "Chief Executive Officer"]
SOME_TITLES = LADDER + ["Chief Financial Officer", "Category Manager", "Head of Procurement", "IT Director",
                        "Gerente", "Direktur Utama", "Inköpschef", "Planner", "", "Consultor Sênior", "Sachbearbeiter"]


@st.composite
def org_charts(draw, min_size=2, max_size=14):
    n = draw(st.integers(min_size, max_size))
    titles = draw(st.lists(st.sampled_from(SOME_TITLES), min_size=n, max_size=n))
    people = [(f"c{i}", titles[i]) for i in range(n)]
    lines = []
    for i in range(1, n):
        manager = draw(st.one_of(st.none(), st.integers(0, i - 1)))  # a forest: managers come first
        if manager is not None:
            lines.append((f"c{i}", f"c{manager}"))
    g = chart(people, lines)
    for i in range(n):
        if draw(st.booleans()):
            role = draw(st.sampled_from(["economic_buyer", "technical_buyer", "user", "evaluator", "champion"]))
            g.nodes[f"c{i}"]["roles"] = [{"role": role, "account": "A"}]
    for _ in range(draw(st.integers(0, 3))):
        u, v = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if u != v:
            g.add_edge(f"c{u}", f"c{v}", key="INFLUENCES", weight=draw(st.floats(0.1, 1.0)))
    return g


@given(title=st.one_of(st.sampled_from(SOME_TITLES), st.text(max_size=40)), declared=st.sampled_from(LEVELS))
def test_a_declared_level_always_wins_over_the_title(title, declared):
    level = person_level(title, declared)
    assert (level.level, level.source) == (declared, "declared")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=org_charts(), data=st.data())
def test_a_declared_level_wins_in_the_analysis_too(g, data):
    pid = data.draw(st.sampled_from(sorted(g.nodes)))
    declared = data.draw(st.sampled_from(LEVELS))
    g.nodes[pid]["level"] = declared
    c = decision_power(g)[pid]["components"]
    assert (c["level"], c["level_source"]) == (declared, "declared")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=org_charts(), data=st.data())
def test_a_more_senior_title_never_lowers_a_persons_rank(g, data):
    pid = data.draw(st.sampled_from(sorted(g.nodes)))
    ranks = []
    for title in LADDER:
        assert likely_roles(title, person_level(title, None).level) == []  # the ladder changes seniority only
        g.nodes[pid]["title"] = title
        ranks.append(ranking(g).index(pid))
    assert ranks == sorted(ranks, reverse=True), list(zip(LADDER, ranks, strict=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=org_charts(min_size=3))
def test_without_any_declared_role_the_head_of_the_hierarchy_is_still_a_decision_maker(g):
    for pid in g.nodes:
        g.nodes[pid]["roles"] = []
    tree = nx.DiGraph((v, u) for u, v, k in g.edges(keys=True) if k == "REPORTS_TO")
    if not tree.number_of_edges():
        return
    head = max((n for n in tree if tree.in_degree(n) == 0), key=lambda n: len(nx.descendants(tree, n)))
    power = decision_power(g)
    assert power[head]["decision_maker"]
    assert any(b["kind"] == "hierarchy" for b in power[head]["basis"])

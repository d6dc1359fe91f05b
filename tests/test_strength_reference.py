"""Relationship strength over the whole log at once (numpy) against the formula worked one pair at a time.

The reference below is the definition in docs/analyses.md written as plainly as
possible; random logs exercise what the column-wise computation must get right:
several of ours and theirs in one interaction, people outside the graph, people
who left, undated interactions and interactions after ``as_of``, unknown kinds.
"""

from __future__ import annotations

import datetime as dt
import math

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.activity import InteractionLog
from kamgraph.analysis.strength import KIND_WEIGHTS, LEVEL_STRENGTH, relationship_strengths
from kamgraph.store.base import FIELD_SEPARATOR, unpack_interactions

AS_OF = dt.date(2026, 6, 30)


def reference(graph: nx.MultiDiGraph, log: list[dict], as_of: dt.date, half_life=90.0, stale_after=90,
              saturation=2.0) -> dict[tuple[str, str], tuple]:
    """``{(member, contact): (strength, interactions, last, stale, active)}``, one pair at a time."""
    side = lambda p: graph.nodes[p].get("side") if p in graph else None  # noqa: E731
    present = lambda p: graph.nodes[p].get("active", True) is not False  # noqa: E731
    pairs = {(u, v) for u, v, k in graph.edges(keys=True)
             if k == "KNOWS" and side(u) == "supplier" and side(v) == "customer"}
    pairs |= {(m, c) for i in log for m in i["participants"] for c in i["participants"]
              if side(m) == "supplier" and side(c) == "customer"}
    out = {}
    for m, c in pairs:
        shared = [i for i in log if m in i["participants"] and c in i["participants"]
                  and i["date"] and dt.date.fromisoformat(i["date"]) <= as_of]
        level = graph.edges[m, c, "KNOWS"].get("level") if graph.has_edge(m, c, key="KNOWS") else None
        if not shared and not level:
            continue
        weighted = sum(KIND_WEIGHTS.get(i["kind"], 0.1) * 0.5 ** ((as_of - dt.date.fromisoformat(i["date"])).days / half_life)
                       for i in shared)
        activity = 1 - math.exp(-weighted / saturation)
        declared = LEVEL_STRENGTH.get(level, 0.0) if level else 0.0
        last = max((i["date"] for i in shared), default=None)
        days = (as_of - dt.date.fromisoformat(last)).days if last else None
        out[m, c] = (1 - (1 - activity) * (1 - declared), len(shared), last,
                     days is not None and days > stale_after, present(m) and present(c))
    return out


@st.composite
def logged_accounts(draw):
    g = nx.MultiDiGraph()
    customers = [f"c{i}" for i in range(draw(st.integers(1, 6)))]
    ours = [f"s{j}" for j in range(draw(st.integers(1, 4)))]
    for p in customers:
        g.add_node(p, side="customer", active=draw(st.booleans()) or p == "c0")
    for p in ours:
        g.add_node(p, side="supplier", active=draw(st.booleans()) or p == "s0")
    for m in ours:
        for c in customers:
            if draw(st.integers(0, 5)) == 0:
                g.add_edge(m, c, key="KNOWS", level=draw(st.sampled_from([None, "vendor", "trusted_advisor"])))
    everyone = customers + ours + ["outsider"]  # someone the snapshot does not hold
    log = []
    for n in range(draw(st.integers(0, 25))):
        days_before = st.one_of(st.sampled_from([-1, 0, 1, 90, 91]), st.integers(-30, 400))  # the edges: as_of, stale
        date = draw(st.one_of(st.none(), days_before.map(lambda d: (AS_OF - dt.timedelta(days=d)).isoformat())))
        log.append({"id": f"i{n}", "date": date, "kind": draw(st.sampled_from(["meeting", "call", "email", "task", "visit"])),
                    "participants": draw(st.lists(st.sampled_from(everyone), min_size=1, max_size=5, unique=True))})
    return g, log


@settings(max_examples=150, deadline=None)
@given(logged_accounts())
def test_strengths_over_the_whole_log_equal_the_formula_pair_by_pair(case):
    graph, log = case
    expected = reference(graph, log, AS_OF)
    stored = InteractionLog()  # as a snapshot holds it, not as a plain list
    for i in log:
        stored.add(i["id"], i["date"], i["kind"], i["participants"], account="A")
    graph.graph["interactions"] = stored
    found = relationship_strengths(graph, as_of=AS_OF)
    assert set(found) == set(expected)
    for pair, (strength, count, last, stale, active) in expected.items():
        rel = found[pair]
        assert math.isclose(rel.strength, strength, abs_tol=1e-12)
        assert (rel.interactions, rel.last, rel.stale, rel.active) == (count, last, stale, active)


def test_packed_interactions_unpack_into_columns():
    sep = FIELD_SEPARATOR
    rows = [f"i1{sep}2026-01-02{sep}call{sep}a{sep}b", f"i2{sep}{sep}", f"i3{sep}2026-03-04{sep}meeting{sep}",
            f"i4{sep}2026-05-06{sep}email{sep}c"]
    assert unpack_interactions(rows) == {
        "id": ["i1", "i2", "i3", "i4"],
        "date": ["2026-01-02", None, "2026-03-04", "2026-05-06"],
        "kind": ["call", None, "meeting", "email"],
        "size": [2, 0, 0, 1],
        "participants": ["a", "b", "c"],
    }
    assert unpack_interactions([]) == {"id": [], "date": [], "kind": [], "size": [], "participants": []}

"""Who on our team covers each customer person, and how well the account as a whole is covered.

A contact is **covered** when at least one *active* member of our team has a
relationship with them of strength ``covered_min`` or more; a relationship held
by someone who has left is listed under ``departed`` and does not count. A
contact is a **thread** when that relationship is ``strong`` (and not stale).
A relationship an active member once had that has since decayed below
``covered_min`` is listed under ``lapsed``, with when they last met: it no
longer covers the contact, but it is not forgotten either.
"""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter

import networkx as nx

from kamgraph.analysis.seniority import people_levels
from kamgraph.analysis.strength import Relationship

COVERED_MIN = 0.15
STRONG = 0.5


def contact_coverage(
    graph: nx.MultiDiGraph,
    strengths: dict[tuple[str, str], Relationship],
    *,
    covered_min: float = COVERED_MIN,
    strong: float = STRONG,
) -> dict[str, dict]:
    """Per customer person: who covers them, how strongly, and who used to.

    Returns
    -------
    dict
        ``{contact: {"covered_by": [{"member", "strength", "stale", "last"}] (strongest first),
        "departed": [{"member", "strength"}], "lapsed": [{"member", "strength", "last"}] (latest first),
        "best": float, "covered": bool, "thread": bool, "last": ISO date or None}}`` for every
        customer person still there.

    Examples
    --------
    >>> from kamgraph.analysis.strength import relationship_strengths
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("s", side="supplier"); g.add_node("c", side="customer")
    >>> _ = g.add_edge("s", "c", key="KNOWS", level="trusted_advisor")
    >>> contact_coverage(g, relationship_strengths(g))["c"]["thread"]
    True
    """
    # Each relationship is read once, unpacked from its tuple (an account can have hundreds of thousands),
    # into plain tuples that sort the way the lists are shown: strongest first, ties by member.
    held: dict[str, list[tuple]] = defaultdict(list)  # (-strength, member, stale, last): active members, strong enough
    departed: dict[str, list[tuple]] = defaultdict(list)  # (-strength, member)
    lapsed: dict[str, list[tuple]] = defaultdict(list)  # (last, strength, member): active, decayed below covered_min
    last: dict[str, str] = {}
    for member, contact, strength, _, _, _, _, when, _, stale, active in strengths.values():
        if active:
            if strength >= covered_min:
                held[contact].append((-strength, member, stale, when))
            elif stale and when:  # gone cold, not merely light
                lapsed[contact].append((when, strength, member))
            if when and when > last.get(contact, ""):
                last[contact] = when
        elif strength >= covered_min:
            departed[contact].append((-strength, member))
    latest_first = itemgetter(0, 1)
    nobody: list[tuple] = []
    out = {}
    for contact, data in graph.nodes(data=True):
        if data.get("side") != "customer" or data.get("active", True) is False:
            continue
        mine = sorted(held.get(contact, nobody))
        out[contact] = {
            "covered_by": [{"member": m, "strength": round(-s, 4), "stale": stale, "last": when}
                           for s, m, stale, when in mine],
            "departed": [{"member": m, "strength": round(-s, 4)} for s, m in sorted(departed.get(contact, nobody))],
            "lapsed": [{"member": m, "strength": round(s, 4), "last": when}
                       for when, s, m in sorted(lapsed.get(contact, nobody), key=latest_first, reverse=True)],
            "best": round(-mine[0][0], 4) if mine else 0.0,
            "covered": bool(mine),
            "thread": any(-s >= strong and not stale for s, _, stale, _ in mine),
            "last": last.get(contact),
        }
    return out


def account_coverage(graph: nx.MultiDiGraph, coverage: dict[str, dict], power: dict[str, dict],
                     levels: dict | None = None) -> dict:
    """The account's coverage figures: contacts, decision-makers, threads, roles and units nobody covers.

    Executives, theirs and ours, are counted by the same seniority as the power
    analysis: ``levels`` (``{id: Seniority}``, default
    :func:`~kamgraph.analysis.seniority.people_levels`) — a declared level, else the title's.

    Examples
    --------
    >>> account_coverage(nx.MultiDiGraph(), {}, {})["contacts"]
    0
    """
    contacts = list(coverage)
    dms = [c for c in contacts if power.get(c, {}).get("decision_maker")]
    roles: dict[str, list[str]] = defaultdict(list)
    units: dict[str, list[str]] = defaultdict(list)
    for c in contacts:
        for role in {r["role"] for r in graph.nodes[c].get("roles", [])}:
            roles[role].append(c)
        units[graph.nodes[c].get("department") or "(no department)"].append(c)
    levels = levels if levels is not None else people_levels(graph)
    ours_exec = {n for n, d in graph.nodes(data=True)
                 if d.get("side") == "supplier" and levels[n].level == "executive" and d.get("active", True) is not False}
    execs = [c for c in contacts if levels[c].level == "executive"]
    return {
        "contacts": len(contacts),
        "covered_contacts": sum(coverage[c]["covered"] for c in contacts),
        "decision_makers": len(dms),
        "covered_decision_makers": sum(coverage[c]["covered"] for c in dms),
        "threads": sum(coverage[c]["thread"] for c in contacts),
        "roles": {role: {"holders": len(ids), "covered": sum(coverage[c]["covered"] for c in ids)}
                  for role, ids in sorted(roles.items())},
        "uncovered_roles": sorted(r for r, ids in roles.items() if not any(coverage[c]["covered"] for c in ids)),
        "departments": {u: {"contacts": len(ids), "covered": sum(coverage[c]["covered"] for c in ids)}
                        for u, ids in sorted(units.items())},
        "uncovered_departments": sorted(u for u, ids in units.items() if not any(coverage[c]["covered"] for c in ids)),
        "executives": {
            "contacts": len(execs),
            "covered": sum(coverage[c]["covered"] for c in execs),
            "covered_by_our_executives": sum(
                any(x["member"] in ours_exec for x in coverage[c]["covered_by"]) for c in execs),
        },
    }

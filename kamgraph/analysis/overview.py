"""What an account's graph holds, counted: the figures a summary page starts from."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from kamgraph.activity import interaction_log
from kamgraph.analysis.strength import interaction_pairs


def team_customer_pairs(graph: nx.MultiDiGraph) -> set[tuple[str, str]]:
    """Pairs (one of ours, customer person) joined by a declared relationship or a shared interaction.

    Examples
    --------
    >>> g = nx.MultiDiGraph(interactions=[{"id": "i1", "date": "2026-01-05", "kind": "call", "participants": ["s", "c"]}])
    >>> g.add_node("s", side="supplier"); g.add_node("c", side="customer")
    >>> _ = g.add_edge("s", "c", key="KNOWS")
    >>> sorted(team_customer_pairs(g))
    [('s', 'c')]
    """
    declared = {
        (u, v)
        for u, v, key in graph.edges(keys=True)
        if key == "KNOWS" and graph.nodes[u].get("side") == "supplier" and graph.nodes[v].get("side") == "customer"
    }
    return declared | interaction_pairs(graph)


def account_overview(graph: nx.MultiDiGraph) -> dict:
    """Counts of people, relationships and activity in a one-account snapshot.

    Returns
    -------
    dict
        ``contacts``, ``team`` and ``departed`` (people counts), ``relationships``
        (team-to-customer pairs), ``interactions``, ``last_interaction``,
        ``departments`` (``[{"name", "contacts", "reached"}]``, largest first, where
        ``reached`` counts contacts at least one of ours has a relationship with),
        and ``team_members`` (``[{"id", "name", "title", "role", "active", "contacts", "last_interaction"}]``).

    Examples
    --------
    >>> g = nx.MultiDiGraph(account={"id": "A"}, interactions=[])
    >>> account_overview(g)["contacts"]
    0
    """
    account = graph.graph.get("account", {}).get("id")
    contacts = [n for n, d in graph.nodes(data=True) if d.get("side") == "customer"]
    team = [n for n, d in graph.nodes(data=True) if d.get("side") == "supplier"]
    pairs = team_customer_pairs(graph)
    reached = {c for _, c in pairs}
    by_member = Counter(m for m, _ in pairs)
    dept_sizes = Counter(graph.nodes[c].get("department") or "(no department)" for c in contacts)
    dept_reached = Counter(graph.nodes[c].get("department") or "(no department)" for c in reached)
    dates = [d for d in interaction_log(graph).dates if d]
    members = []
    for m in team:
        d = graph.nodes[m]
        members.append({
            "id": m, "name": d.get("name"), "title": d.get("title"), "role": d.get("teams", {}).get(account),
            "active": d.get("active", True), "contacts": by_member[m], "last_interaction": d.get("last_interaction"),
        })
    members.sort(key=lambda r: (not r["active"], -r["contacts"], r["name"] or ""))
    return {
        "contacts": len(contacts),
        "team": len(team),
        "departed": sum(1 for m in members if not m["active"]),
        "relationships": len(pairs),
        "interactions": len(dates),
        "last_interaction": max(dates) if dates else None,
        "departments": [
            {"name": name, "contacts": size, "reached": dept_reached[name]}
            for name, size in sorted(dept_sizes.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "team_members": members,
    }

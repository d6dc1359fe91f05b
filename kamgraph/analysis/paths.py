"""Warm introduction paths: from someone on our team, through the customer's own relationships, to a target.

A path starts at an active member of our team, takes one of their
relationships into the customer (its strength from
:func:`~kamgraph.analysis.strength.relationship_strengths`), then walks the
customer's own ties to the target. Each customer tie has a strength:

- a reporting line, either way: ``reports_to`` (default 0.7);
- influence, either way: the declared weight, at least ``influence_floor`` (0.3);
- colleagues who met in a small interaction (``colleague_max_size`` people or
  fewer, up to ``as_of``): ``colleague`` (0.4).

A path's strength is the product of its steps; paths never pass through anyone
who has left, nor along a conflict.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import networkx as nx

from kamgraph.activity import interaction_log
from kamgraph.analysis.strength import relationship_strengths
from kamgraph.errors import KamgraphError

REPORTS_TO = 0.7
INFLUENCE_FLOOR = 0.3
COLLEAGUE = 0.4
COLLEAGUE_MAX_SIZE = 8
_SOURCE = ("__our team__",)  # a tuple cannot collide with a person id


def _present(graph: nx.MultiDiGraph, pid: str) -> bool:
    return graph.nodes[pid].get("active", True) is not False


def introduction_graph(graph: nx.MultiDiGraph, *, as_of: dt.date | str | None = None, reports_to: float = REPORTS_TO,
                       influence_floor: float = INFLUENCE_FLOOR, colleague: float = COLLEAGUE,
                       colleague_max_size: int = COLLEAGUE_MAX_SIZE, **strength_settings) -> nx.DiGraph:
    """The ties a warm introduction can travel, as a DiGraph with ``strength`` and ``via`` on each edge."""
    present = {n for n in graph if _present(graph, n)}
    customers = {n for n in present if graph.nodes[n].get("side") == "customer"}
    best: dict[tuple[str, str], tuple[float, str]] = {}  # the strongest tie from u to v so far, and what it is

    def tie(u, v, strength, via):
        if strength > best.get((u, v), (0.0, ""))[0]:
            best[u, v] = (strength, via)

    for rel in relationship_strengths(graph, as_of=as_of, **strength_settings).values():
        if rel.active and rel.strength > 0:
            tie(rel.member, rel.contact, rel.strength, "relationship")
    conflicts = {frozenset((u, v)) for u, v, k in graph.edges(keys=True) if k == "IN_CONFLICT_WITH"}
    for u, v, k, d in graph.edges(keys=True, data=True):
        if u in customers and v in customers and frozenset((u, v)) not in conflicts:
            if k == "REPORTS_TO":
                tie(u, v, reports_to, "reports to"), tie(v, u, reports_to, "manages")
            elif k == "INFLUENCES":
                strength = max(float(d.get("weight") or 0), influence_floor)
                tie(u, v, strength, "influences"), tie(v, u, strength, "is influenced by")
    cutoff = (as_of if isinstance(as_of, str) else (as_of or dt.date.today()).isoformat())
    for interaction in interaction_log(graph):
        people = [p for p in interaction.get("participants", []) if p in customers]
        if len(interaction.get("participants", [])) > colleague_max_size or (interaction.get("date") or "") > cutoff:
            continue
        for u, v in itertools.permutations(people, 2):
            if frozenset((u, v)) not in conflicts:
                tie(u, v, colleague, "met with")
    ties = nx.DiGraph()  # built once: a large account has hundreds of thousands of ties
    ties.add_edges_from((u, v, {"strength": strength, "via": via}) for (u, v), (strength, via) in best.items())
    return ties


def _cost(u: str, v: str, data: dict) -> float:
    """A step's cost, -log(strength), computed only for the steps the search looks at.

    A small cost per step keeps every weight positive (networkx's bidirectional search refuses zero and
    rounding-negative weights) and prefers the shorter of two equally strong paths.
    """
    return max(0.0, -math.log(min(data["strength"], 1.0))) + 1e-9


def warm_paths(graph: nx.MultiDiGraph, target: str, *, k: int = 3, as_of: dt.date | str | None = None,
               **settings) -> dict:
    """The ``k`` strongest introduction paths to ``target``, strongest first.

    Returns
    -------
    dict
        ``{"target": id, "paths": [{"people": [team member, …, target], "strength",
        "steps": [{"from", "to", "via", "strength"}]}]}``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("s", side="supplier"); g.add_node("a", side="customer"); g.add_node("t", side="customer")
    >>> _ = g.add_edge("s", "a", key="KNOWS", level="trusted_advisor"); _ = g.add_edge("a", "t", key="REPORTS_TO")
    >>> [p["people"] for p in warm_paths(g, "t")["paths"]]
    [['s', 'a', 't']]
    """
    if target not in graph or graph.nodes[target].get("side") != "customer":
        raise KamgraphError(f"'{target}' is not a customer person of this account")
    if not _present(graph, target):
        raise KamgraphError(f"'{target}' has left; there is nobody to introduce")
    ties = introduction_graph(graph, as_of=as_of, **settings)
    members = [n for n in ties if graph.nodes[n].get("side") == "supplier"]
    if target not in ties or not members:
        return {"target": target, "paths": []}
    for m in members:
        ties.add_edge(_SOURCE, m, strength=1.0, via="")
    paths = []
    found = nx.shortest_simple_paths(ties, _SOURCE, target, weight=_cost)
    try:
        best = list(itertools.islice(found, k))
    except nx.NetworkXNoPath:
        best = []
    for path in best:
        people = path[1:]
        steps = [{"from": u, "to": v, "via": ties.edges[u, v]["via"], "strength": round(ties.edges[u, v]["strength"], 4)}
                 for u, v in itertools.pairwise(people)]
        paths.append({"people": people, "strength": round(math.prod(s["strength"] for s in steps), 4), "steps": steps})
    return {"target": target, "paths": paths}

"""Who has power over the buying decision: a ranking of the customer's people, with its reasons.

A person's score in [0, 1] combines three parts:

- **role** (weight 0.45): their strongest declared buying role (:data:`ROLE_WEIGHTS`;
  economic buyer, decision maker and approver weigh most);
- **position** (0.35): formal seniority (:data:`LEVEL_WEIGHTS`) and how many
  people report to them, directly or indirectly (their span, as a share of the account);
- **influence** (0.20): PageRank over the customer's ``REPORTS_TO`` and
  ``INFLUENCES`` edges (authority flows up the line and along influence),
  averaged with a declared ``influence`` where one exists.

Role and influence are scaled by seniority (:data:`SENIORITY`), and a staff
member's score stays just below that of the least powerful executive above them:
front-line staff are not ranked over their own executives. A person with no
declared role still ranks high when their position makes them powerful.
"""

from __future__ import annotations

import networkx as nx

ROLE_WEIGHTS = {
    "economic_buyer": 1.0, "decision_maker": 0.9, "approver": 0.8, "executive_sponsor": 0.7,
    "technical_buyer": 0.6, "champion": 0.5, "influencer": 0.5, "gatekeeper": 0.4, "evaluator": 0.35,
    "initiator": 0.3, "user": 0.15, "other": 0.1,
}
LEVEL_WEIGHTS = {"executive": 1.0, "director": 0.7, "manager": 0.4, "staff": 0.1}
SENIORITY = {"executive": 1.0, "director": 0.85, "manager": 0.65, "staff": 0.4}
UNKNOWN_LEVEL = 0.3
WEIGHTS = {"role": 0.45, "position": 0.35, "influence": 0.20}
DECISION_MAKER_THRESHOLD = 0.45
DECIDING_ROLES = ("economic_buyer", "decision_maker", "approver")


def _customers(graph: nx.MultiDiGraph) -> list[str]:
    """Customer people still there (someone who has left holds no power over the decision)."""
    return [n for n, d in graph.nodes(data=True) if d.get("side") == "customer" and d.get("active", True) is not False]


def reporting_tree(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """The customer's formal lines as a DiGraph from manager to report (cycles are left as they are)."""
    tree = nx.DiGraph()
    tree.add_nodes_from(_customers(graph))
    tree.add_edges_from((v, u) for u, v, k in graph.edges(keys=True)
                        if k == "REPORTS_TO" and u in tree and v in tree)
    return tree


def _is_forest(tree: nx.DiGraph) -> bool:
    """One manager at most each and no cycles: then the lines can be summed up and down instead of searched."""
    return nx.is_directed_acyclic_graph(tree) and all(d <= 1 for _, d in tree.in_degree())


def _spans(tree: nx.DiGraph, forest: bool) -> dict[str, int]:
    """How many people report to each person, directly or indirectly."""
    if forest:
        spans = {}
        for node in reversed(list(nx.topological_sort(tree))):  # sum the subtrees, bottom up
            spans[node] = sum(spans[child] + 1 for child in tree.successors(node))
        return spans
    return {node: len(nx.descendants(tree, node)) for node in tree}  # cycles or two managers: count exactly


def _executives_above(graph: nx.MultiDiGraph, tree: nx.DiGraph, forest: bool) -> dict[str, list[str]]:
    """The executives each person reports to, directly or indirectly."""
    executive = lambda n: graph.nodes[n].get("level") == "executive"  # noqa: E731
    if forest:
        above: dict[str, list[str]] = {}
        for node in nx.topological_sort(tree):  # managers before their reports
            manager = next(iter(tree.predecessors(node)), None)
            above[node] = [] if manager is None else above[manager] + ([manager] if executive(manager) else [])
        return above
    return {node: [b for b in nx.ancestors(tree, node) if executive(b)] for node in tree}


def decision_power(graph: nx.MultiDiGraph, *, weights: dict[str, float] | None = None,
                   role_weights: dict[str, float] | None = None,
                   threshold: float = DECISION_MAKER_THRESHOLD) -> dict[str, dict]:
    """Power over the buying decision for every customer person, keyed by id.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A snapshot (see :mod:`kamgraph.snapshot`).
    weights : dict, optional
        Override :data:`WEIGHTS` (keys ``role``, ``position``, ``influence``).
    role_weights : dict, optional
        Override :data:`ROLE_WEIGHTS`.
    threshold : float
        Score from which a person counts as a decision-maker (default 0.45); a
        deciding role (economic buyer, decision maker, approver) counts always.

    Returns
    -------
    dict
        ``{id: {"score", "decision_maker", "components": {...}}}``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("ceo", side="customer", level="executive", roles=[])
    >>> g.add_node("rep", side="customer", level="staff", roles=[{"role": "user"}])
    >>> _ = g.add_edge("rep", "ceo", key="REPORTS_TO")
    >>> power = decision_power(g)
    >>> power["ceo"]["score"] > power["rep"]["score"], power["ceo"]["decision_maker"]
    (True, True)
    """
    w = {**WEIGHTS, **(weights or {})}
    roles_w = {**ROLE_WEIGHTS, **(role_weights or {})}
    people = _customers(graph)
    if not people:
        return {}
    tree = reporting_tree(graph)
    influence_graph = nx.DiGraph()
    influence_graph.add_nodes_from(people)
    for u, v, k, d in graph.edges(keys=True, data=True):
        if u in tree and v in tree and k in ("REPORTS_TO", "INFLUENCES"):
            weight = 1.0 if k == "REPORTS_TO" else float(d.get("weight", 0.5) or 0.5)
            prior = influence_graph.get_edge_data(u, v, {}).get("weight", 0)
            influence_graph.add_edge(u, v, weight=prior + weight)
    rank = nx.pagerank(influence_graph, weight="weight") if influence_graph.number_of_edges() else {p: 1 / len(people) for p in people}
    top = max(rank.values()) or 1.0
    others = max(len(people) - 1, 1)
    forest = _is_forest(tree)
    spans = _spans(tree, forest)
    raw = {}
    for p in people:
        d = graph.nodes[p]
        roles = sorted({r["role"] for r in d.get("roles", []) if r.get("role")})
        role = max((roles_w.get(r, 0.1) for r in roles), default=0.0)
        level = d.get("level")
        span = spans[p]
        position = 0.6 * LEVEL_WEIGHTS.get(level, UNKNOWN_LEVEL) + 0.4 * min(span / others, 1.0)
        pagerank = rank.get(p, 0.0) / top
        declared = d.get("influence")
        influence = (pagerank + float(declared)) / 2 if declared is not None else pagerank
        seniority = SENIORITY.get(level, SENIORITY["manager"])
        score = (w["role"] * role + w["influence"] * influence) * seniority + w["position"] * position
        raw[p] = {"score": score, "components": {
            "roles": roles, "role": round(role, 4), "level": level, "span": span, "position": round(position, 4),
            "pagerank": round(pagerank, 4), "influence": round(influence, 4), "seniority": seniority,
            "capped_by": None,
        }}
    executives_above = _executives_above(graph, tree, forest)
    for p in people:
        if graph.nodes[p].get("level") != "staff":
            continue
        bosses = executives_above[p]
        if bosses:
            weakest = min(bosses, key=lambda b: raw[b]["score"])
            if raw[weakest]["score"] <= raw[p]["score"]:
                raw[p]["score"] = raw[weakest]["score"] * 0.99
                raw[p]["components"]["capped_by"] = weakest
    return {
        p: {"score": round(r["score"], 4),
            "decision_maker": r["score"] >= threshold or any(x in DECIDING_ROLES for x in r["components"]["roles"]),
            "components": r["components"]}
        for p, r in raw.items()
    }


def rank_decision_makers(graph: nx.MultiDiGraph, power: dict[str, dict] | None = None, **kwargs) -> list[dict]:
    """The decision-makers, most powerful first: ``[{"id", "name", "score", "components"}]``."""
    power = power if power is not None else decision_power(graph, **kwargs)
    ranked = sorted((p for p in power if power[p]["decision_maker"]), key=lambda p: (-power[p]["score"], p))
    return [{"id": p, "name": graph.nodes[p].get("name"), "title": graph.nodes[p].get("title"),
             "score": power[p]["score"], "components": power[p]["components"]} for p in ranked]

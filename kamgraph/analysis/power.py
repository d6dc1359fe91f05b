"""Who has power over the buying decision: a ranking of the customer's people, with its reasons.

A person's score in [0, 1] combines three parts:

- **role** (weight 0.40): their strongest declared buying role (:data:`ROLE_WEIGHTS`;
  economic buyer, decision maker and approver weigh most);
- **position** (0.40): 0.55 × seniority (the title's weight within the scale,
  or the declared level's: :mod:`kamgraph.analysis.seniority`), 0.25 × span
  (how many people report to them, directly or indirectly, on a log scale
  against the account's size) and 0.20 × height in the reporting lines (1 at
  the top, less the deeper they sit; 0.5 for someone with no lines at all);
- **influence** (0.20): PageRank over the customer's ``REPORTS_TO`` and
  ``INFLUENCES`` edges (authority flows up the line and along influence),
  averaged with a declared ``influence`` where one exists; 0 when the account
  has no such edges, so a flat list is ranked by title, not by a tie.

With no declared role, a *likely* role read from the title
(:mod:`kamgraph.analysis.likely_roles`) raises the person's seniority by
:data:`LIKELY_ROLE_BONUS` × the role's weight, but never past the top of their
own level's band: it puts the head of procurement above the other heads, never a
finance director above the chief executive — a guess from the title must not
outweigh the rest of the title, and it always weighs less than a declared role.

Role and influence are scaled by level (:data:`SENIORITY`). Nobody below
executive level ranks above an executive they report to: their score is kept
just below that of the weakest such executive.

A **decision-maker** qualifies on one or more grounds, each listed in ``basis``:
a declared deciding role (economic buyer, decision maker, approver); seniority
(an executive, declared or by title); heading the reporting hierarchy; a likely
deciding role read from the title; or a score of ``threshold`` (0.45) or more.
"""

from __future__ import annotations

import math

import networkx as nx

from kamgraph.analysis.likely_roles import suggested_roles
from kamgraph.analysis.seniority import WEIGHT_BANDS, Seniority, TitleRules, people_levels, title_rules

ROLE_WEIGHTS = {
    "economic_buyer": 1.0, "decision_maker": 0.9, "approver": 0.8, "executive_sponsor": 0.7,
    "technical_buyer": 0.6, "champion": 0.5, "influencer": 0.5, "gatekeeper": 0.4, "evaluator": 0.35,
    "initiator": 0.3, "user": 0.15, "other": 0.1,
}
LIKELY_ROLE_BONUS = 0.06
SENIORITY = {"executive": 1.0, "director": 0.85, "manager": 0.65, "staff": 0.4}
UNKNOWN_SENIORITY = 0.55
WEIGHTS = {"role": 0.40, "position": 0.40, "influence": 0.20}
POSITION = {"seniority": 0.55, "span": 0.25, "height": 0.20}
NO_LINES_HEIGHT = 0.5
HEAD_SHARE = 0.25  # a second hierarchy's head qualifies too when at least this share of the account reports to them
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


def _top_down(tree: nx.DiGraph) -> list[str] | None:
    """Managers before their reports, or None when the lines have a cycle (sorted once, used by each measure)."""
    try:
        return list(nx.topological_sort(tree))
    except nx.NetworkXUnfeasible:
        return None


def _is_forest(tree: nx.DiGraph, order: list[str] | None) -> bool:
    """One manager at most each and no cycles: then the lines can be summed up and down instead of searched."""
    return order is not None and all(d <= 1 for _, d in tree.in_degree())


def _spans(tree: nx.DiGraph, forest: bool, order: list[str] | None) -> dict[str, int]:
    """How many people report to each person, directly or indirectly."""
    if forest:
        spans = {}
        for node in reversed(order):  # sum the subtrees, bottom up
            spans[node] = sum(spans[child] + 1 for child in tree.successors(node))
        return spans
    return {node: len(nx.descendants(tree, node)) for node in tree}  # cycles or two managers: count exactly


def _managers(tree: nx.DiGraph) -> dict[str, list[str]]:
    """Each person's managers, read off the edges at once (asking the graph person by person is slow)."""
    managers: dict[str, list[str]] = {}
    for manager, report in tree.edges():
        managers.setdefault(report, []).append(manager)
    return managers


def _depths(tree: nx.DiGraph, order: list[str] | None) -> dict[str, int]:
    """How many levels of management sit above each person (the longest line up, for two managers)."""
    if order is not None:
        depth: dict[str, int] = {}
        managers = _managers(tree)
        for node in order:
            depth[node] = max((depth[m] + 1 for m in managers.get(node, ())), default=0)
        return depth
    roots = [n for n in tree if tree.in_degree(n) == 0]  # a cycle: measure from the people nobody manages
    reached = nx.multi_source_dijkstra_path_length(tree, roots, weight=None) if roots else {}
    return {n: int(reached.get(n, 0)) for n in tree}


def _executives_above(levels: dict[str, Seniority], tree: nx.DiGraph, forest: bool,
                      order: list[str] | None) -> dict[str, list[str]]:
    """The executives each person reports to, directly or indirectly."""
    executive = lambda n: levels[n].level == "executive"  # noqa: E731
    if forest:
        above: dict[str, list[str]] = {}
        managers = _managers(tree)
        for node in order:  # managers before their reports
            manager = managers[node][0] if node in managers else None
            above[node] = [] if manager is None else above[manager] + ([manager] if executive(manager) else [])
        return above
    return {node: [b for b in nx.ancestors(tree, node) if executive(b)] for node in tree}


def hierarchy_heads(tree: nx.DiGraph, spans: dict[str, int], *, share: float = HEAD_SHARE) -> list[str]:
    """The heads of the reporting hierarchy: whoever nobody manages and the most people report to,
    and any other such person to whom at least ``share`` of the account reports."""
    roots = [n for n in tree if tree.in_degree(n) == 0 and spans[n] > 0]
    if not roots:
        return []
    widest = max(spans[n] for n in roots)
    others = max(len(tree) - 1, 1)
    return sorted(n for n in roots if spans[n] == widest or (spans[n] >= 2 and spans[n] / others >= share))


def _influence_rank(graph: nx.MultiDiGraph, people: list[str]) -> dict[str, float]:
    index = {p: i for i, p in enumerate(people)}
    weights: dict[tuple[int, int], float] = {}  # (from, to) -> the summed weight of its lines
    for u, v, k, d in graph.edges(keys=True, data=True):
        if u in index and v in index and k in ("REPORTS_TO", "INFLUENCES"):
            weight = 1.0 if k == "REPORTS_TO" else float(d.get("weight", 0.5) or 0.5)
            weights[index[u], index[v]] = weights.get((index[u], index[v]), 0) + weight
    if not weights:
        return {p: 0.0 for p in people}  # nothing to tell anyone apart by
    rank = pagerank(len(people), weights).tolist()  # plain floats from here on
    top = max(rank) or 1.0
    return {p: rank[i] / top for i, p in enumerate(people)}


def pagerank(n: int, weights: dict[tuple[int, int], float], *, alpha: float = 0.85, max_iter: int = 100,
             tol: float = 1.0e-6):
    """PageRank of ``n`` nodes over weighted edges ``{(from, to): weight}``, as :func:`networkx.pagerank` gives it.

    The same power iteration as networkx's (uniform start and teleport, dangling nodes spread uniformly,
    stopping at the same tolerance), so the figures agree with networkx's to about 1e-15 (a test holds
    them within 1e-12; scipy's sparse products round a last bit differently); done with numpy alone,
    because networkx's loads scipy, which a command pays for at every start.
    """
    import numpy as np

    pairs = sorted(weights)  # row by row, columns in order
    source = np.fromiter((u for u, _ in pairs), dtype=np.intp, count=len(pairs))
    target = np.fromiter((v for _, v in pairs), dtype=np.intp, count=len(pairs))
    value = np.fromiter((weights[pair] for pair in pairs), dtype=float, count=len(pairs))
    out = np.bincount(source, weights=value, minlength=n)
    dangling = out == 0
    out[~dangling] = 1.0 / out[~dangling]
    value = value * out[source]
    x = np.repeat(1.0 / n, n)
    p = np.repeat(1.0 / n, n)
    for _ in range(max_iter):
        last = x
        x = alpha * (np.bincount(target, weights=last[source] * value, minlength=n)
                     + np.sum(last[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def decision_power(graph: nx.MultiDiGraph, *, weights: dict[str, float] | None = None,
                   role_weights: dict[str, float] | None = None,
                   threshold: float = DECISION_MAKER_THRESHOLD,
                   rules: TitleRules | None = None, levels: dict[str, Seniority] | None = None) -> dict[str, dict]:
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
        Score from which a person counts as a decision-maker on power alone (default 0.45).
    rules : TitleRules, optional
        The title vocabulary (default: :func:`kamgraph.analysis.seniority.title_rules`).
    levels : dict, optional
        Each person's :class:`~kamgraph.analysis.seniority.Seniority`, if already read with ``rules``.

    Returns
    -------
    dict
        ``{id: {"score", "decision_maker", "basis": [{"kind", "detail"}], "components": {...}}}``;
        ``basis`` kinds are ``declared_role``, ``seniority``, ``hierarchy``, ``likely_role`` and ``power``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("ceo", side="customer", title="Chief Executive Officer", roles=[])
    >>> g.add_node("rep", side="customer", title="Sales Representative", roles=[{"role": "user"}])
    >>> _ = g.add_edge("rep", "ceo", key="REPORTS_TO")
    >>> power = decision_power(g)
    >>> power["ceo"]["score"] > power["rep"]["score"], [b["kind"] for b in power["ceo"]["basis"]]
    (True, ['seniority', 'hierarchy', 'power'])
    """
    w = {**WEIGHTS, **(weights or {})}
    roles_w = {**ROLE_WEIGHTS, **(role_weights or {})}
    people = _customers(graph)
    if not people:
        return {}
    rules = rules or title_rules()
    all_levels = levels if levels is not None else people_levels(graph, rules)
    levels = {p: all_levels[p] for p in people}
    likely = suggested_roles(graph, levels, rules)  # keyed by the people in levels: those still there
    tree = reporting_tree(graph)
    order = _top_down(tree)
    forest = _is_forest(tree, order)
    spans = _spans(tree, forest, order)
    depths = _depths(tree, order)
    deepest = max(depths.values(), default=0)
    in_lines = {n for n in tree if tree.degree(n)}
    heads = set(hierarchy_heads(tree, spans))
    influence_rank = _influence_rank(graph, people)
    others = max(len(people) - 1, 1)
    raw = {}
    for p in people:
        d = graph.nodes[p]
        level = levels[p]
        declared = sorted({r["role"] for r in d.get("roles", []) if r.get("role")})
        suggested = likely.get(p, [])
        role = max((roles_w.get(r, 0.1) for r in declared), default=0.0)
        rank_weight = level.weight
        if not declared and suggested:
            bonus = LIKELY_ROLE_BONUS * max(roles_w.get(r["role"], 0.1) for r in suggested)
            rank_weight = min(rank_weight + bonus, WEIGHT_BANDS.get(level.level, (0, rank_weight))[1])
        span = spans[p]
        span_share = math.log1p(span) / math.log1p(others)
        height = (1 - depths[p] / (deepest + 1)) if p in in_lines else NO_LINES_HEIGHT
        position = POSITION["seniority"] * rank_weight + POSITION["span"] * span_share + POSITION["height"] * height
        pagerank = influence_rank[p]
        stated = d.get("influence")
        influence = (pagerank + float(stated)) / 2 if stated is not None else pagerank
        factor = SENIORITY.get(level.level, UNKNOWN_SENIORITY)
        score = (w["role"] * role + w["influence"] * influence) * factor + w["position"] * position
        raw[p] = {"score": score, "components": {
            "roles": declared, "likely_roles": suggested, "role": round(role, 4),
            "level": level.level, "level_source": level.source, "level_rule": level.rule,
            "level_written": level.written, "title_weight": level.weight, "rank_weight": round(rank_weight, 4),
            "span": span, "height": round(height, 4), "position": round(position, 4),
            "pagerank": round(pagerank, 4), "influence": round(influence, 4), "seniority": factor,
            "head_of_hierarchy": p in heads, "capped_by": None,
        }}
    executives_above = _executives_above(levels, tree, forest, order)
    for p in people:
        if levels[p].level == "executive":
            continue
        bosses = executives_above[p]
        if bosses:
            weakest = min(bosses, key=lambda b: (raw[b]["score"], b))
            if raw[weakest]["score"] <= raw[p]["score"]:
                raw[p]["score"] = raw[weakest]["score"] * 0.99
                raw[p]["components"]["capped_by"] = weakest
    out = {}
    for p, r in raw.items():
        basis = _basis(graph.nodes[p], r["components"], spans[p], r["score"], threshold)
        out[p] = {"score": round(r["score"], 4), "decision_maker": bool(basis), "basis": basis,
                  "components": r["components"]}
    return out


def _basis(node: dict, c: dict, span: int, score: float, threshold: float) -> list[dict]:
    """On what grounds a person is a decision-maker; empty when they are not one."""
    basis = []
    deciding = [r for r in c["roles"] if r in DECIDING_ROLES]
    if deciding:
        basis.append({"kind": "declared_role",
                      "detail": "declared " + ", ".join(r.replace("_", " ") for r in deciding)})
    if c["level"] == "executive":
        how = (f"title '{node.get('title')}' ({c['level_rule']})" if c["level_source"] == "title"
               else "declared level" + (f" '{c['level_written']}'" if c["level_written"] else ""))
        basis.append({"kind": "seniority", "detail": f"executive by {how}"})
    if c["head_of_hierarchy"]:
        basis.append({"kind": "hierarchy", "detail": f"heads the reporting lines ({span} people report to them)"})
    for likely in c["likely_roles"]:
        if likely["role"] in DECIDING_ROLES:
            basis.append({"kind": "likely_role", "detail": f"likely {likely['role'].replace('_', ' ')}: "
                                                           f"{likely['reason']} (title '{node.get('title')}')"})
    if score >= threshold:
        basis.append({"kind": "power", "detail": f"power {score:.2f} reaches {threshold:.2f}"})
    return basis


def rank_decision_makers(graph: nx.MultiDiGraph, power: dict[str, dict] | None = None, **kwargs) -> list[dict]:
    """The decision-makers, most powerful first: ``[{"id", "name", "title", "score", "basis", "components"}]``."""
    power = power if power is not None else decision_power(graph, **kwargs)
    ranked = sorted((p for p in power if power[p]["decision_maker"]), key=lambda p: (-power[p]["score"], p))
    return [{"id": p, "name": graph.nodes[p].get("name"), "title": graph.nodes[p].get("title"),
             "score": power[p]["score"], "basis": power[p]["basis"], "components": power[p]["components"]}
            for p in ranked]


def power_ranking(power: dict[str, dict]) -> list[str]:
    """Every customer person, most powerful first (ties by id)."""
    return sorted(power, key=lambda p: (-power[p]["score"], p))

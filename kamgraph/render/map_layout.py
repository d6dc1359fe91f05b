"""Positions for the relationship map, computed in Python so the browser draws at once (no physics).

- ``org``: each account's reporting hierarchy top-down as an org chart (a
  parent centred over its reports), our team in a column to its left;
- ``force``: a spring layout of everyone and every tie (seeded: the same graph
  gives the same picture);
- ``group_by_department``: people are laid out department by department,
  each department a block of its own, in rows.

Several accounts (a portfolio map) are laid out one after another, left to right.
"""

from __future__ import annotations

import math

import networkx as nx

LEVEL_GAP = 210  # vertical distance between levels of the org chart
SIBLING_GAP = 90  # horizontal distance between neighbours
STACK_GAP = 60  # vertical distance between individual contributors stacked below their manager
TEAM_GAP = 260  # space between our team's column and the customer's chart
ACCOUNT_GAP = 400
FORCE_SPACING = 70  # pixels per unit of sqrt(people) in the force layout


def _tree_positions(people: list[str], boss: dict[str, str], order: dict[str, tuple]) -> dict[str, tuple[float, float]]:
    """A tidy top-down layout of a forest: leaves one slot apart, parents centred over their reports."""
    reports: dict[str, list[str]] = {p: [] for p in people}
    roots = []
    for p in people:
        b = boss.get(p)
        if b in reports and b != p:
            reports[b].append(p)
        else:
            roots.append(p)
    pos: dict[str, tuple[float, float]] = {}
    next_x = [0.0]
    seen: set[str] = set()

    def place(node: str, depth: int) -> float:
        seen.add(node)
        kids = [k for k in sorted(reports[node], key=lambda k: order.get(k, (k,))) if k not in seen]
        if len(kids) > 1 and not any(reports[k] for k in kids):
            # A team of individual contributors hangs below its manager as a column, so a large buying
            # centre stays about as tall as it is wide instead of one very long row.
            x = next_x[0]
            next_x[0] += SIBLING_GAP * 1.7
            for i, k in enumerate(kids):
                seen.add(k)
                pos[k] = (x + SIBLING_GAP * 0.45, depth * LEVEL_GAP + LEVEL_GAP * 0.75 + i * STACK_GAP)
        elif not kids:
            x = next_x[0]
            next_x[0] += SIBLING_GAP
        else:
            xs = [place(k, depth + 1) for k in kids]
            x = (xs[0] + xs[-1]) / 2
        pos[node] = (x, depth * LEVEL_GAP)
        return x

    for root in sorted(roots, key=lambda r: order.get(r, (r,))):
        place(root, 0)
        next_x[0] += SIBLING_GAP  # a gap between separate trees
    for p in people:  # anyone left on a reporting cycle
        if p not in pos:
            place(p, 0)
    return pos


def _org(graph: nx.MultiDiGraph, customers: list[str], ours: list[str]) -> dict[str, tuple[float, float]]:
    boss = {u: v for u, v, k in graph.edges(keys=True) if k == "REPORTS_TO"}
    order = {p: (graph.nodes[p].get("department") or "", graph.nodes[p].get("name") or "", p) for p in customers + ours}
    pos = _tree_positions(customers, {p: b for p, b in boss.items() if p in customers}, order)
    if ours:
        # Our team as a column at the left, spread over the chart's height: their lines fan out across it.
        x0, y0, _, y1 = _bounds(pos) if pos else (0.0, 0.0, 0.0, 0.0)
        rank = {"executive": 0, "director": 1, "manager": 2, "staff": 3}
        column = sorted(ours, key=lambda p: (graph.nodes[p].get("active", True) is False,
                                             rank.get(graph.nodes[p].get("level"), 4), order[p]))
        step = max((y1 - y0) / max(len(column) - 1, 1), STACK_GAP * 1.5)
        pos.update({p: (x0 - TEAM_GAP, y0 + i * step) for i, p in enumerate(column)})
    return pos


def _force(graph: nx.MultiDiGraph, people: list[str]) -> dict[str, tuple[float, float]]:
    if not people:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(people)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u in simple and v in simple and u != v)
    scale = FORCE_SPACING * math.sqrt(len(people)) * 2
    layout = nx.spring_layout(simple, seed=7, scale=scale, iterations=60)
    return {p: (float(x), float(y)) for p, (x, y) in layout.items()}


def _shift(pos: dict[str, tuple[float, float]], dx: float, dy: float = 0.0) -> dict[str, tuple[float, float]]:
    return {p: (x + dx, y + dy) for p, (x, y) in pos.items()}


def _bounds(pos: dict[str, tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [x for x, _ in pos.values()] or [0]
    ys = [y for _, y in pos.values()] or [0]
    return min(xs), min(ys), max(xs), max(ys)


def _by_department(graph: nx.MultiDiGraph, people: list[str], layout: str) -> dict[str, tuple[float, float]]:
    """Each department (and our team) as its own block, blocks in rows of roughly equal width."""
    blocks: dict[str, list[str]] = {}
    for p in people:
        d = graph.nodes[p]
        key = "Our team" if d.get("side") == "supplier" else (d.get("department") or "(no department)")
        blocks.setdefault(key, []).append(p)
    placed: dict[str, tuple[float, float]] = {}
    per_row = max(1, math.ceil(math.sqrt(len(blocks))))
    x = y = row_height = 0.0
    for i, (_, members) in enumerate(sorted(blocks.items(), key=lambda kv: (kv[0] != "Our team", kv[0]))):
        sub = graph.subgraph(members)
        pos = _org(sub, [m for m in members if graph.nodes[m].get("side") != "supplier"],
                   [m for m in members if graph.nodes[m].get("side") == "supplier"]) if layout == "org" else _force(sub, members)
        x0, y0, x1, y1 = _bounds(pos)
        if i and i % per_row == 0:
            x, y, row_height = 0.0, y + row_height + ACCOUNT_GAP / 2, 0.0
        placed.update(_shift(pos, x - x0, y - y0))
        x += (x1 - x0) + ACCOUNT_GAP / 2
        row_height = max(row_height, y1 - y0)
    return placed


def positions(graph: nx.MultiDiGraph, people: list[str], *, layout: str = "org",
              group_by_department: bool = False) -> dict[str, tuple[float, float]]:
    """``{person: (x, y)}`` for the people to draw, by ``layout`` ("org" or "force")."""
    if layout not in ("org", "force"):
        raise ValueError(f"unknown layout {layout!r}; use org or force")
    if group_by_department:
        return _by_department(graph, people, layout)
    if layout == "force":
        return _force(graph, people)
    accounts: dict[str | None, list[str]] = {}
    for p in people:
        d = graph.nodes[p]
        home = d.get("account") if d.get("side") == "customer" else min(d.get("teams") or {None: None}, key=str)
        accounts.setdefault(home, []).append(p)
    placed: dict[str, tuple[float, float]] = {}
    x = 0.0
    for _, members in sorted(accounts.items(), key=lambda kv: str(kv[0])):
        sub = graph.subgraph(members)
        pos = _org(sub, [m for m in members if graph.nodes[m].get("side") != "supplier"],
                   [m for m in members if graph.nodes[m].get("side") == "supplier"])
        x0, _, x1, _ = _bounds(pos)
        placed.update(_shift(pos, x - x0))
        x += (x1 - x0) + ACCOUNT_GAP
    return placed

"""Positions for the relationship map, computed in Python so the browser draws at once (no physics).

- ``org``: each account's reporting hierarchy top-down, level by level, each
  level in depth-first order (colleagues side by side) and wrapped into rows so
  the chart is shaped like a laptop window rather than one endless line; our
  team in a band of its own above the customer's chart, never in its rows;
- ``force``: a spring layout of everyone and every tie (seeded: the same graph
  gives the same picture);
- ``group_by_department``: people are laid out department by department,
  each department a block of its own (wrapped for its share of the window), in rows.

Several accounts (a portfolio map) are laid out one after another, left to right.
"""

from __future__ import annotations

import math

import networkx as nx

SLOT_WIDTH = 156  # horizontal distance between neighbours: a label (name over title, 17 characters) fits in it
ROW_HEIGHT = 84  # vertical distance between rows of one level (a dot and its two-line label)
LEVEL_GAP = 28  # extra space between two levels of the org chart
TEAM_GAP = 90  # space between our team's band and the customer's chart
ACCOUNT_GAP = 400
FORCE_SPACING = 70  # pixels per unit of sqrt(people) in the force layout
LANDSCAPE = (1400.0, 720.0)  # the drawing area the org chart is shaped for: a laptop window, in pixels
PORTRAIT = (370.0, 560.0)  # ... or a phone held upright
LEVEL_RANK = {"executive": 0, "director": 1, "manager": 2, "staff": 3}


def _levels(people: list[str], boss: dict[str, str], order: dict[str, tuple]) -> list[list[str]]:
    """The reporting forest as levels (roots first), each level in depth-first order so colleagues sit together."""
    reports: dict[str, list[str]] = {p: [] for p in people}
    roots = []
    for p in people:
        b = boss.get(p)
        if b in reports and b != p:
            reports[b].append(p)
        else:
            roots.append(p)
    levels: list[list[str]] = []
    seen: set[str] = set()

    def visit(start: str) -> None:
        stack = [(start, 0)]
        while stack:
            node, depth = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            while len(levels) <= depth:
                levels.append([])
            levels[depth].append(node)
            kids = sorted(reports[node], key=lambda k: order.get(k, (k,)), reverse=True)
            stack.extend((k, depth + 1) for k in kids if k not in seen)

    for root in sorted(roots, key=lambda r: order.get(r, (r,))):
        visit(root)
    for p in sorted(people, key=lambda r: order.get(r, (r,))):  # anyone left on a reporting cycle
        if p not in seen:
            visit(p)
    return levels


SMALL_LEVEL = 2  # levels this small (a deep chain of managers) share a row, left to right, a slot apart


def _pack(levels: list[list[str]], columns: int) -> list[tuple[list[str | None], bool]]:
    """Rows of at most ``columns`` slots (``None`` an empty slot), each flagged when it starts a new level.

    A wide level wraps into several rows; consecutive small levels share a row instead of one row each.
    """
    rows: list[tuple[list[str | None], bool]] = []
    sparse = False  # whether the last row holds only small levels
    for level in levels:
        small = len(level) <= SMALL_LEVEL
        if small and sparse and rows and len(rows[-1][0]) + 1 + len(level) <= columns:
            rows[-1][0].extend([None, *level])
            continue
        for start in range(0, len(level), columns):
            rows.append((list(level[start:start + columns]), start == 0))
        sparse = small
    return rows


def _shape(sizes: list[int], columns: int) -> tuple[int, int, int]:
    """What :func:`_pack` makes of levels of these sizes, without placing anyone: (rows, new levels, widest row).

    Counts per level, not per person, so trying every width stays cheap on a wide level of thousands.
    """
    rows = starts = widest = 0
    last = 0  # the length of the last row
    sparse = False
    for size in sizes:
        small = size <= SMALL_LEVEL
        if small and sparse and rows and last + 1 + size <= columns:
            last += 1 + size
            widest = max(widest, last)
            continue
        full, rest = divmod(size, columns)
        count = full + (1 if rest else 0)
        if count:
            rows += count
            starts += 1
            last = rest or columns
            widest = max(widest, min(size, columns))
        sparse = small
    return rows, starts, widest


def _columns(levels: list[list[str]], team: int, target: tuple[float, float]) -> int:
    """How many slots a row holds: the width that lets the whole chart fit ``target`` at the largest zoom."""
    sizes = [len(level) for level in levels]
    widest = max(sizes + [team, 1])
    best, best_zoom = widest, 0.0
    for columns in range(1, widest + 1):
        rows, starts, longest = _shape(sizes, columns)
        height = (rows * ROW_HEIGHT + max(starts - 1, 0) * LEVEL_GAP
                  + (math.ceil(team / columns) * ROW_HEIGHT + TEAM_GAP if team else 0))
        width = max(longest, min(team, columns), 1) * SLOT_WIDTH
        zoom = min(target[0] / width, target[1] / height)
        if zoom > best_zoom + 1e-9:
            best, best_zoom = columns, zoom
    return best


def _place(rows: list[tuple[list[str | None], bool]], y: float) -> tuple[dict[str, tuple[float, float]], float]:
    """Each row centred on x = 0, from ``y`` down, a level gap before each new level; returns the next free y."""
    pos = {}
    for i, (row, new) in enumerate(rows):
        if new and i:
            y += LEVEL_GAP
        for j, p in enumerate(row):
            if p is not None:
                pos[p] = ((j - (len(row) - 1) / 2) * SLOT_WIDTH, y)
        y += ROW_HEIGHT
    return pos, y


def _org_plan(graph: nx.MultiDiGraph, customers: list[str], ours: list[str]) -> tuple[list[list[str]], list[str]]:
    """What an org chart is made of whatever shape it is wrapped for: the customer's levels and our team in order.

    ``graph`` may hold more people than these: only reporting lines between them count (read from each
    customer's own lines, not through a subgraph view, which filters every edge of the graph it looks into).
    """
    members = set(customers) | set(ours)
    boss = {}
    for p in customers:
        for v, keys in graph.succ[p].items():
            if "REPORTS_TO" in keys and v in members:
                boss[p] = v
    order = {p: (graph.nodes[p].get("department") or "", graph.nodes[p].get("name") or "", p) for p in customers + ours}
    team = sorted(ours, key=lambda p: (graph.nodes[p].get("active", True) is False,
                                       LEVEL_RANK.get(graph.nodes[p].get("level"), 4), order[p]))
    return _levels(customers, boss, order), team


def _org(graph: nx.MultiDiGraph, customers: list[str], ours: list[str],
         bands: list[tuple[float, float, float, float]] | None = None,
         target: tuple[float, float] = LANDSCAPE,
         plan: tuple[list[list[str]], list[str]] | None = None) -> dict[str, tuple[float, float]]:
    """The customer's chart level by level (wide levels wrapped into rows), our team in a band of its own above.

    ``plan``: :func:`_org_plan`'s result for these people, when a chart of another shape has worked it out.
    """
    levels, team = plan or _org_plan(graph, customers, ours)
    columns = _columns(levels, len(ours), target)
    pos: dict[str, tuple[float, float]] = {}
    y = 0.0
    if ours:
        placed, y = _place([(team[i:i + columns], False) for i in range(0, len(team), columns)], y)
        pos.update(placed)
        if bands is not None:
            xs = [x for x, _ in placed.values()]
            bands.append((min(xs), 0.0, max(xs), y - ROW_HEIGHT))
        y += TEAM_GAP
    placed, _ = _place(_pack(levels, columns), y)
    pos.update(placed)
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


def _arrange(shaped: list[tuple[str, dict[str, tuple[float, float]]]], per_row: int,
             bands: list[tuple[float, float, float, float]]) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Blocks left to right, ``per_row`` a row, a gap between; returns positions and the width and height used."""
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = width = 0.0
    for i, (name, pos) in enumerate(shaped):
        x0, y0, x1, y1 = _bounds(pos)
        if i and i % per_row == 0:
            x, y, row_height = 0.0, y + row_height + BLOCK_GAP[1], 0.0
        placed.update(_shift(pos, x - x0, y - y0))
        if name == "Our team":
            bands.append((x, y, x + x1 - x0, y + y1 - y0))
        width = max(width, x + x1 - x0)
        x += (x1 - x0) + BLOCK_GAP[0]
        row_height = max(row_height, y1 - y0)
    return placed, width, y + row_height


BLOCK_GAP = (200.0, 150.0)  # between department blocks: clear of a neighbour's labels and our band's name


def _by_department(graph: nx.MultiDiGraph, people: list[str], layout: str,
                   bands: list[tuple[float, float, float, float]],
                   target: tuple[float, float] = LANDSCAPE) -> dict[str, tuple[float, float]]:
    """Each department (and our team) as its own block, blocks in rows.

    An org-chart block is wrapped for its share of the window, not for the whole of it, and the number of
    blocks a row is the one that lets the whole drawing fit ``target`` at the largest zoom: so names stay
    legible at the fitted zoom as far as an ungrouped chart's do.
    """
    blocks: dict[str, list[str]] = {}
    for p in people:
        d = graph.nodes[p]
        key = "Our team" if d.get("side") == "supplier" else (d.get("department") or "(no department)")
        blocks.setdefault(key, []).append(p)
    ordered = sorted(blocks.items(), key=lambda kv: (kv[0] != "Our team", kv[0]))
    if not ordered:
        return {}
    if layout != "org":
        shaped = [(name, _force(graph.subgraph(members), members)) for name, members in ordered]
        placed, _, _ = _arrange(shaped, max(1, math.ceil(math.sqrt(len(ordered)))), bands)
        return placed
    around = math.ceil(math.sqrt(len(ordered)))
    best = None
    for per_row in range(max(1, around - 2), min(len(ordered), around + 2) + 1):
        rows = math.ceil(len(ordered) / per_row)
        share = (target[0] / per_row, target[1] / rows)
        shaped = []
        for name, members in ordered:
            shaped.append((name, _org(graph, [m for m in members if graph.nodes[m].get("side") != "supplier"],
                                      [m for m in members if graph.nodes[m].get("side") == "supplier"], target=share)))
        own: list[tuple[float, float, float, float]] = []
        placed, width, height = _arrange(shaped, per_row, own)
        # the drawing's extent with a label's width and height around the dots, as the page fits it
        zoom = min(target[0] / (width + SLOT_WIDTH), target[1] / (height + ROW_HEIGHT + 60))
        if best is None or zoom > best[0] + 1e-9:
            best = (zoom, placed, own)
    bands.extend(best[2])
    return best[1]


def positions(graph: nx.MultiDiGraph, people: list[str], *, layout: str = "org",
              group_by_department: bool = False,
              bands: list[tuple[float, float, float, float]] | None = None,
              target: tuple[float, float] = LANDSCAPE,
              plans: dict | None = None) -> dict[str, tuple[float, float]]:
    """``{person: (x, y)}`` for the people to draw, by ``layout`` ("org" or "force").

    ``bands``, if given, receives the box ``(x0, y0, x1, y1)`` around each band of our team (node centres).
    ``target`` is the shape (width, height) the org chart's rows are wrapped for (``LANDSCAPE`` or ``PORTRAIT``).
    ``plans``: one dict passed to the calls that lay out the same graph and people for different targets,
    so each account's levels and team order are worked out once (org layout, not grouped by department).
    """
    if layout not in ("org", "force"):
        raise ValueError(f"unknown layout {layout!r}; use org or force")
    bands = [] if bands is None else bands
    if group_by_department:
        return _by_department(graph, people, layout, bands, target)
    if layout == "force":
        return _force(graph, people)
    accounts: dict[str | None, list[str]] = {}
    for p in people:
        d = graph.nodes[p]
        home = d.get("account") if d.get("side") == "customer" else min(d.get("teams") or {None: None}, key=str)
        accounts.setdefault(home, []).append(p)
    placed: dict[str, tuple[float, float]] = {}
    x = 0.0
    for home, members in sorted(accounts.items(), key=lambda kv: str(kv[0])):
        own: list[tuple[float, float, float, float]] = []
        customers = [m for m in members if graph.nodes[m].get("side") != "supplier"]
        ours = [m for m in members if graph.nodes[m].get("side") == "supplier"]
        plan = None if plans is None else plans.get(home)
        if plan is None:
            plan = _org_plan(graph, customers, ours)
            if plans is not None:
                plans[home] = plan
        pos = _org(graph, customers, ours, own, target, plan)
        x0, _, x1, _ = _bounds(pos)
        placed.update(_shift(pos, x - x0))
        bands.extend((bx0 + x - x0, by0, bx1 + x - x0, by1) for bx0, by0, bx1, by1 in own)
        x += (x1 - x0) + ACCOUNT_GAP
    return placed

"""The interactive relationship map: one self-contained HTML file, built with pyvis, drawn by vis-network.

The visual language (the legend in the page says the same):

- our team are diamonds (blue; grey with a dashed outline once they have left),
  the customer's people are dots coloured by attitude and sized by decision power;
- relationship lines are as wide as their strength, dashed when stale, grey
  when held by someone who has left; reporting lines are dark arrows to the
  manager, influence dotted purple arrows, conflict dashed red lines;
- a person with a high-severity finding has a thick red ring and "⚠" before the
  name (an uncovered decision-maker among them); medium findings an orange ring.

Positions are computed in Python (:mod:`kamgraph.render.map_layout`) and
physics is off, so the browser draws at once. Every script and style is inlined
(vis-network from the pyvis package, kamgraph's own script and styles); nothing
is fetched. User text reaches the page only as JSON inside a script element
(with ``<``, ``>`` and ``&`` escaped) or through Jinja2's autoescaping, and the
map's script writes it into the page as text, never as HTML.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import jinja2
import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network

from kamgraph.analysis import analyze_account, relationship_strengths
from kamgraph.render.files import write_whole
from kamgraph.render.map_layout import PORTRAIT, positions
from kamgraph.render.unknown_nodes import unknown_nodes

ATTITUDE_COLOURS = {
    "champion": "#1a7f37",
    "supporter": "#6fdd8b",
    "neutral": "#afb8c1",
    "skeptic": "#e3b341",
    "blocker": "#cf222e",
    None: "#d0d7de",
}
OURS = "#0969da"
DEPARTED = "#8c959f"
SEVERITY_RING = {"high": ("#cf222e", 5), "medium": ("#e16f24", 3)}
REPORTS_TO = "#6e7781"
INFLUENCE = "#8250df"
CONFLICT = "#cf222e"
RELATIONSHIP = "#0969da"
MIN_DRAWN_STRENGTH = 0.15  # the strength from which a relationship covers someone (kamgraph.analysis.coverage)
LABEL_CHARS = 17  # a label's name and title are cut to this many characters (the tooltip has them whole)
FONT_SIZE = 14
EXECUTIVE_FONT_SIZE = 16
# Level of detail: labels smaller than this many screen pixels fade out, and one pixel smaller are not drawn
# (zoom in to read them).
LABEL_THRESHOLD = 8

_env = jinja2.Environment(loader=jinja2.PackageLoader("kamgraph.render", "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined)


def _vis_network_js() -> str:
    return (resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")


def _key(value):
    """A value as a dictionary key: scalars as themselves (with their type), lists and dicts as JSON."""
    if value is None or isinstance(value, (str, int, float)):
        return type(value), value
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def table(rows: list[dict]) -> dict:
    """Rows of dicts as columns: ``{"keys", "dicts", "rows"}``, a key's few distinct values stored once.

    A row holds, for each key, ``None`` where the key is absent, an index into ``dicts[key]`` where that key's
    values are few (colours, shapes, departments), else the value itself. The page turns it back into dicts.
    """
    keys = sorted({k for r in rows for k in r})
    dicts: dict[str, list] = {}
    for k in keys:
        distinct: dict[object, object] = {}
        for r in rows:
            if k in r:
                distinct.setdefault(_key(r[k]), r[k])
                if len(distinct) > max(32, len(rows) // 4):
                    break
        else:
            if len(distinct) < len(rows):
                dicts[k] = list(distinct.values())
    index = {k: {_key(v): i for i, v in enumerate(values)} for k, values in dicts.items()}
    packed = []
    for r in rows:
        row = [None if k not in r else index[k][_key(r[k])] if k in index else r[k] for k in keys]
        while row and row[-1] is None:
            row.pop()
        packed.append(row)
    return {"keys": keys, "dicts": dicts, "rows": packed}


def _script_json(value) -> str:
    """JSON that is safe inside a <script> element whatever the user text in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def redacted_name(data: dict) -> str:
    """What a redacted map shows for a person: their title, else their role and an initial."""
    if data.get("title"):
        return data["title"]
    role = next((r["role"].replace("_", " ") for r in data.get("roles", []) if r.get("role")), None)
    role = role or next(iter((data.get("teams") or {}).values()), None) or ("contact" if data.get("side") == "customer" else "team member")
    initial = (data.get("name") or "?").strip()[:1].upper()
    return f"{role} {initial}."


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _focus(graph: nx.MultiDiGraph, strengths: dict, person: str, depth: int) -> set[str]:
    """Everyone within ``depth`` steps of ``person`` over the graph's links and our relationships."""
    ties = nx.Graph(graph.to_undirected(as_view=True))
    ties.add_edges_from(strengths)
    return set(nx.ego_graph(ties, person, radius=depth).nodes)


def map_data(snapshots: list[nx.MultiDiGraph], *, as_of: dt.date | str | None = None, layout: str = "org",
             focus: str | None = None, depth: int = 2, group_by_department: bool = False,
             redact: bool = False, redact_all: bool = False) -> dict:
    """Everything the page draws: nodes and edges (vis-network options, via pyvis), filters and counts."""
    as_of = as_of or dt.date.today()
    graph = nx.compose_all(snapshots) if len(snapshots) > 1 else snapshots[0]
    if len(snapshots) > 1:  # our people on several accounts: keep every team they are on
        for g in snapshots:
            for n, d in g.nodes(data=True):
                if d.get("side") == "supplier":
                    graph.nodes[n]["teams"] = {**graph.nodes[n].get("teams", {}), **d.get("teams", {})}
    analyses = [analyze_account(g, as_of=as_of) for g in snapshots]
    power = {c["id"]: c for a in analyses for c in a["contacts"]}
    # Seniority as the analyses read it: declared, else from the title.
    level_of = {x["id"]: x["level"] for a in analyses for x in a["contacts"] + a["team"]}
    findings: dict[str, list[dict]] = {}
    for a in analyses:
        for f in a["gaps"] + a["risks"]:
            if f["id"] in graph:
                findings.setdefault(f["id"], []).append(f)
    strengths = {}
    for g in snapshots:
        strengths.update(relationship_strengths(g, as_of=as_of))

    people = [n for n, d in graph.nodes(data=True) if d.get("side") in ("customer", "supplier")
              and not (d.get("side") == "customer" and d.get("active", True) is False)]
    if focus is not None:
        keep = _focus(graph, strengths, focus, depth)
        people = [p for p in people if p in keep]
    bands: list[tuple[float, float, float, float]] = []
    where = positions(graph, people, layout=layout, group_by_department=group_by_department, bands=bands)
    # The org chart is also wrapped for a phone held upright; the page picks the one that suits its window.
    tall_bands: list[tuple[float, float, float, float]] = []
    tall = (positions(graph, people, layout=layout, bands=tall_bands, target=PORTRAIT)
            if layout == "org" and not group_by_department and len(snapshots) == 1 else None)
    ids = {p: f"n{i}" for i, p in enumerate(sorted(people))}

    def shown(p: str) -> str:
        d = graph.nodes[p]
        if (d.get("side") == "customer" and redact) or redact_all:
            return redacted_name(d)
        return d.get("name") or p

    net = Network(directed=True)
    all_roles: set[str] = set()
    for p in people:
        d = graph.nodes[p]
        ours = d.get("side") == "supplier"
        left = d.get("active", True) is False
        worst = min((f["severity"] for f in findings.get(p, [])), key=["high", "medium", "low"].index, default=None)
        roles = sorted({r["role"] for r in d.get("roles", [])})
        all_roles.update(roles)
        info = power.get(p, {})
        covered = ", ".join(f"{shown(x['member'])} ({x['strength']:.2f}{', stale' if x['stale'] else ''})"
                            for x in info.get("covered_by", [])) or "nobody"
        lines = [shown(p)]
        if not (redact and not ours) and not redact_all:
            lines += [x for x in (d.get("title"), d.get("email")) if x]
        lines += [x for x in (d.get("department"),) if x]
        if ours:
            team = ", ".join(f"{role or 'member'}" for role in (d.get("teams") or {}).values())
            lines.append(f"Our team{': ' + team if team else ''}{' — has left' if left else ''}")
        else:
            lines += [f"Roles: {', '.join(r.replace('_', ' ') for r in roles) or 'none declared'}",
                      f"Attitude: {d.get('attitude') or 'unknown'} · power {info.get('power', 0):.2f}"
                      + (" · decision-maker" if info.get("decision_maker") else ""),
                      f"Covered by: {covered}",
                      f"Last contact: {info.get('last') or 'never'}"]
        for f in findings.get(p, []):
            lines.append(f"{f['severity'].upper()}: {f['kind'].replace('_', ' ')}"
                         + ("" if redact or redact_all else f" — {f['detail']}"))
        ring = SEVERITY_RING.get(worst)
        if ours:
            colour = {"background": DEPARTED if left else OURS, "border": ring[0] if ring else "#0550ae"}
        else:
            colour = {"background": ATTITUDE_COLOURS.get(d.get("attitude"), ATTITUDE_COLOURS[None]),
                      "border": ring[0] if ring else "#57606a"}
        x, y = where[p]
        label = ("⚠ " if worst == "high" else "") + _short(shown(p))
        subtitle = d.get("title") if ours or not (redact or redact_all) else None
        if subtitle and not redact_all:
            label += "\n" + _short(subtitle)
        level = level_of.get(p) or d.get("level")
        executive = level == "executive"
        size = 12 if ours else 7 + 12 * info.get("power", 0)
        extra = {"font": {"size": EXECUTIVE_FONT_SIZE, "color": "#0d2238"}} if executive else {}
        net.add_node(
            ids[p], label=label, title="\n".join(lines),
            shape="diamond" if ours else "dot", color=colour, borderWidth=ring[1] if ring else 1,
            size=round(size + (6 if executive else 0), 1), x=round(x, 1), y=round(y, 1), physics=False,
            level=level or "", **extra,
            **({"tall": [round(tall[p][0], 1), round(tall[p][1], 1)]} if tall else {}),
            shapeProperties={"borderDashes": [4, 3]} if left else {},
            side="ours" if ours else "theirs", department=d.get("department") or "", roles=roles,
            attitude=d.get("attitude") or "", severity=worst or "", search=shown(p).lower(),
        )
    drawn = set(ids)
    # Unknown stakeholders (kamgraph.render.unknown_nodes): a row under each account's people, not on a focused map.
    unknown, unknown_all = unknown_nodes(snapshots, where, shown, redact=redact or redact_all) if focus is None else ([], 0)
    net.nodes += unknown

    def add_edge(u: str, v: str, **options) -> None:
        # pyvis's own add_edge looks both ends up in a list of every node: quadratic, 16 s for a 5,000-person account
        net.edges.append(Edge(u, v, net.directed, **options).options)

    # By default a contact shows the strongest active relationship into them, and every line a finding is about
    # (stale, held by someone who has left); the rest appear on a click or with "show all relationships".
    strongest: dict[str, tuple[float, str]] = {}
    for (member, contact), rel in strengths.items():
        if member in drawn and contact in drawn and rel.active and rel.strength >= MIN_DRAWN_STRENGTH:
            strongest[contact] = max(strongest.get(contact, (0.0, "")), (rel.strength, member))
    about: set[tuple[str, str]] = set()
    for a in analyses:
        for f in a["gaps"] + a["risks"]:
            if f["kind"] == "stale_relationship":
                about.update((m, f["id"]) for m in f.get("members", []))
            elif f["kind"] == "departed_owner":
                about.update((m, f["id"]) for m in f.get("held_by", []))
    for (member, contact), rel in strengths.items():
        if member in drawn and contact in drawn and rel.strength >= MIN_DRAWN_STRENGTH:
            primary = strongest.get(contact, (0, None))[1] == member
            finding = (member, contact) in about
            # what the tooltip says (the page writes it): strength, interactions, last, declared level, stale, active
            facts = [round(rel.strength, 2), rel.interactions, str(rel.last or ""), rel.level or "",
                     int(bool(rel.stale)), int(bool(rel.active))]
            add_edge(ids[member], ids[contact], width=round(0.5 + 3.5 * rel.strength, 2), facts=facts,
                     color={"color": RELATIONSHIP if rel.active else DEPARTED,
                            "opacity": round(0.2 + 0.7 * rel.strength, 2)},
                     dashes=[6, 6] if rel.stale or not rel.active else False, arrows={"to": {"enabled": False}},
                     kind="relationship", primary=primary, finding=finding, hidden=not (primary or finding),
                     smooth={"enabled": True, "type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.6})
    for u, v, key, d in graph.edges(keys=True, data=True):
        if u not in drawn or v not in drawn:
            continue
        if key == "REPORTS_TO":
            add_edge(ids[u], ids[v], color={"color": REPORTS_TO}, width=1, arrows="to", kind="reports_to")
        elif key == "INFLUENCES":
            add_edge(ids[u], ids[v], color={"color": INFLUENCE}, width=1 + 2 * float(d.get("weight") or 0.5),
                     dashes=[2, 5], arrows="to", kind="influences")
        elif key == "IN_CONFLICT_WITH":
            add_edge(ids[u], ids[v], color={"color": CONFLICT}, width=2.5, dashes=[10, 5],
                     arrows={"to": {"enabled": False}}, kind="conflict")
    net.set_options(json.dumps({
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": len(people) > 500},
        "edges": {"smooth": False},
        "nodes": {"font": {"size": FONT_SIZE, "face": "system-ui, sans-serif", "color": "#1f2328",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": LABEL_THRESHOLD, "maxVisible": 26}}},
    }))
    nodes, edges, _, _, _, options = net.get_network_data()
    customers = [p for p in people if graph.nodes[p].get("side") == "customer"]
    return {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "filters": {
            "departments": sorted({graph.nodes[p].get("department") for p in people if graph.nodes[p].get("department")}),
            "roles": sorted(all_roles),
            "attitudes": [a for a in ATTITUDE_COLOURS if a and any(graph.nodes[p].get("attitude") == a for p in customers)],
        },
        "counts": {"people": len(people), "customers": len(customers), "ours": len(people) - len(customers),
                   # the findings `kamgraph analyze` lists for the same day: its gaps and its risks
                   "findings": sum(len(a["gaps"]) + len(a["risks"]) for a in analyses),
                   "high": sum(f["severity"] == "high" for a in analyses for f in a["gaps"] + a["risks"]),
                   "with_findings": sum(1 for n in nodes if n["severity"]),
                   "relationships": sum(e["kind"] == "relationship" for e in edges),
                   "relationships_shown": sum(e["kind"] == "relationship" and not e["hidden"] for e in edges),
                   "unknown": len(unknown), "unknown_all": unknown_all},
        "bands": [[round(v, 1) for v in band] for band in bands],
        "tall_bands": [[round(v, 1) for v in band] for band in tall_bands] if tall else None,
        "accounts": [a["account"]["name"] for a in analyses],
    }


def map_html(snapshots: nx.MultiDiGraph | list[nx.MultiDiGraph], *, title: str | None = None,
             as_of: dt.date | str | None = None, **options) -> str:
    """The relationship map of one account snapshot (or several, for a portfolio) as one HTML page.

    ``options`` are those of :func:`map_data`: ``layout`` ("org" or "force"), ``focus``
    and ``depth``, ``group_by_department``, ``redact``, ``redact_all``.
    """
    snapshots = [snapshots] if isinstance(snapshots, nx.MultiDiGraph) else list(snapshots)
    data = map_data(snapshots, as_of=as_of, **options)
    heading = title or (data["accounts"][0] if len(data["accounts"]) == 1 else f"Portfolio of {len(data['accounts'])} accounts")
    as_of_text = as_of.isoformat() if isinstance(as_of, dt.date) else (as_of or dt.date.today().isoformat())
    return _env.get_template("map.html").render(
        heading=heading, as_of=as_of_text, counts=data["counts"], redacted=options.get("redact") or options.get("redact_all"),
        colours={"attitudes": {k: v for k, v in ATTITUDE_COLOURS.items() if k}, "ours": OURS, "departed": DEPARTED,
                 "high": SEVERITY_RING["high"][0], "medium": SEVERITY_RING["medium"][0], "reports_to": REPORTS_TO,
                 "influence": INFLUENCE, "conflict": CONFLICT, "relationship": RELATIONSHIP},
        vis_js=_vis_network_js(), map_js=_env.loader.get_source(_env, "map.js")[0],
        data_json=_script_json({"nodes": table([{k: v for k, v in n.items() if k not in ("search", "physics")}
                                                for n in data["nodes"]]),
                                "edges": table(data["edges"]),
                                **{k: data[k] for k in ("options", "filters", "bands", "tall_bands")}}),
    )


class MapView:
    """A map for a notebook: shown inline (in an iframe, so its script runs on its own), or saved."""

    def __init__(self, html: str, height: int = 650):
        self.html, self.height = html, height

    def _repr_html_(self) -> str:
        from html import escape

        return (f'<iframe srcdoc="{escape(self.html, quote=True)}" style="width:100%;height:{self.height}px;'
                'border:1px solid #d0d7de" sandbox="allow-scripts"></iframe>')

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path


def show_map(snapshots, **options) -> MapView:
    """The map of :func:`map_html` as an object a notebook displays inline."""
    return MapView(map_html(snapshots, **options))


def write_map(snapshots, path: str | Path, **options) -> Path:
    """Write :func:`map_html` to ``path`` as UTF-8; the file appears whole or not at all."""
    return write_whole(path, map_html(snapshots, **options))

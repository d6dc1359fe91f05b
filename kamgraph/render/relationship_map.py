"""The interactive relationship map: one self-contained HTML file drawn by vis-network.

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
import importlib.util
import json
import operator
from pathlib import Path

import jinja2
import networkx as nx

from kamgraph.analysis import analyze_account, relationship_strengths
from kamgraph.bulk import no_cyclic_gc
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

# Options many edges and nodes share: one object each, so the page's tables compare them once (never changed).
NO_ARROW = {"to": {"enabled": False}}
CURVED = {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.6}
STALE_DASHES = [6, 6]
INFLUENCE_DASHES = [2, 5]
CONFLICT_DASHES = [10, 5]
REPORTS_TO_COLOUR = {"color": REPORTS_TO}
INFLUENCE_COLOUR = {"color": INFLUENCE}
CONFLICT_COLOUR = {"color": CONFLICT}
DASHED_BORDER = {"borderDashes": [4, 3]}
NO_SHAPE: dict = {}

_env = jinja2.Environment(loader=jinja2.PackageLoader("kamgraph.render", "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined)


def _vis_network_js() -> str:
    # The script ships in the pyvis package; found without importing pyvis (which loads IPython's display code).
    (where,) = importlib.util.find_spec("pyvis").submodule_search_locations
    return (Path(where) / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")


_ABSENT = object()  # a key a row does not have
_SCALARS = (str, int, float, bool, type(None))


def _key(value):
    """A value as a dictionary key that tells apart what JSON tells apart: scalars with their type, lists and
    dicts as nested tuples (no text made per value)."""
    kind = type(value)
    if kind is dict:
        value = sorted(value.items())
        values = [v for _, v in value]
        kinds = tuple(map(type, values))
        if dict in kinds or list in kinds or tuple in kinds:
            return dict, tuple((k, _key(v)) for k, v in value)
        return dict, tuple(k for k, _ in value), kinds, tuple(values)
    if kind is list or kind is tuple:
        kinds = tuple(map(type, value))
        if dict in kinds or list in kinds or tuple in kinds:
            return list, tuple(map(_key, value))
        return list, kinds, tuple(value)
    return kind, value


def _column(values: list, limit: int) -> tuple[list | None, list]:
    """A column's few distinct values (None when there are more than ``limit``) and each row's index into
    them (the value itself when there is no dictionary; None where the row has no such key)."""
    present = [v for v in values if v is not _ABSENT] if _ABSENT in values else values
    kinds = set(map(type, present))
    if len(kinds) == 1 and kinds <= set(_SCALARS):  # one scalar type: the values are their own keys
        keys = values
        distinct = {v: v for v in dict.fromkeys(present)}
    elif kinds <= set(_SCALARS):  # scalars of several types (1 and 1.0, or True): a value and its type
        keys = [_ABSENT if v is _ABSENT else (type(v), v) for v in values] if present is not values else \
            list(zip(map(type, values), values, strict=True))
        distinct = {k: k[1] for k in dict.fromkeys(keys) if k is not _ABSENT}
    else:
        objects = dict(zip(map(id, values), values, strict=True))  # the objects rows hold, in order of first use
        if len(objects) <= limit:  # rows share a few objects (colours, arrows): one key for each object
            key_of = {i: _ABSENT if v is _ABSENT else _key(v) for i, v in objects.items()}
            keys = list(map(key_of.__getitem__, map(id, values)))
            distinct = {}
            for i, v in objects.items():
                if v is not _ABSENT:
                    distinct.setdefault(key_of[i], v)
        else:
            keys, distinct = [], {}
            for v in values:
                k = _ABSENT if v is _ABSENT else _key(v)
                keys.append(k)
                if k is not _ABSENT:
                    distinct.setdefault(k, v)
                    if len(distinct) > limit:
                        break
    if len(distinct) > limit or len(distinct) >= len(values):
        return None, [None if v is _ABSENT else v for v in values] if len(present) < len(values) else values
    index = {k: i for i, k in enumerate(distinct)}
    index[_ABSENT] = None
    return list(distinct.values()), list(map(index.__getitem__, keys))


def _values(rows: list[dict], key: str) -> list:
    """Each row's value for ``key`` (:data:`_ABSENT` where it has none)."""
    try:
        return list(map(operator.itemgetter(key), rows))
    except KeyError:
        return [r.get(key, _ABSENT) for r in rows]


def table(rows: list[dict]) -> dict:
    """Rows of dicts as columns: ``{"keys", "dicts", "rows"}``, a key's few distinct values stored once.

    A row holds, for each key, ``None`` where the key is absent, an index into ``dicts[key]`` where that key's
    values are few (colours, shapes, departments), else the value itself. The page turns it back into dicts.
    The work is done a column at a time, values compared as :func:`_key` gives them.
    """
    keys = sorted(set().union(*rows))
    limit = max(32, len(rows) // 4)
    dicts: dict[str, list] = {}
    columns = []
    for k in keys:
        distinct, column = _column(_values(rows, k), limit)
        if distinct is not None:
            dicts[k] = distinct
        columns.append(column)
    packed = []
    for row in map(list, zip(*columns, strict=True)) if columns else ([] for _ in rows):
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


@no_cyclic_gc()
def map_data(snapshots: list[nx.MultiDiGraph], *, as_of: dt.date | str | None = None, layout: str = "org",
             focus: str | None = None, depth: int = 2, group_by_department: bool = False,
             redact: bool = False, redact_all: bool = False, analyses: list[dict] | None = None,
             strengths: dict | None = None) -> dict:
    """Everything the page draws: nodes and edges (vis-network's node and edge options), filters and counts.

    ``analyses`` (one :func:`~kamgraph.analysis.analyze_account` per snapshot) and ``strengths`` (the
    :func:`~kamgraph.analysis.relationship_strengths` of every snapshot, merged), as of the same day, when the
    caller has them already (the review does), so they are not computed again.

    Nodes and edges share their option dicts where the values are the same (colours, arrows, curves):
    copy one before changing it.
    """
    as_of = as_of or dt.date.today()
    graph = nx.compose_all(snapshots) if len(snapshots) > 1 else snapshots[0]
    if len(snapshots) > 1:  # our people on several accounts: keep every team they are on
        for g in snapshots:
            for n, d in g.nodes(data=True):
                if d.get("side") == "supplier":
                    graph.nodes[n]["teams"] = {**graph.nodes[n].get("teams", {}), **d.get("teams", {})}
    if strengths is None or analyses is None:  # each account's relationships worked out once, for both
        each = [relationship_strengths(g, as_of=as_of) for g in snapshots] if strengths is None else None
        if analyses is None:
            analyses = [analyze_account(g, as_of=as_of, strengths=each[i] if each else None)
                        for i, g in enumerate(snapshots)]
        if strengths is None:
            strengths = {pair: rel for one in each for pair, rel in one.items()}
    power = {c["id"]: c for a in analyses for c in a["contacts"]}
    # Seniority as the analyses read it: declared, else from the title.
    level_of = {x["id"]: x["level"] for a in analyses for x in a["contacts"] + a["team"]}
    findings: dict[str, list[dict]] = {}
    for a in analyses:
        for f in a["gaps"] + a["risks"]:
            if f["id"] in graph:
                findings.setdefault(f["id"], []).append(f)

    people = [n for n, d in graph.nodes(data=True) if d.get("side") in ("customer", "supplier")
              and not (d.get("side") == "customer" and d.get("active", True) is False)]
    if focus is not None:
        keep = _focus(graph, strengths, focus, depth)
        people = [p for p in people if p in keep]
    bands: list[tuple[float, float, float, float]] = []
    plans: dict = {}  # the org chart's levels, worked out once for both shapes
    where = positions(graph, people, layout=layout, group_by_department=group_by_department, bands=bands, plans=plans)
    # The org chart is also wrapped for a phone held upright; the page picks the one that suits its window.
    tall_bands: list[tuple[float, float, float, float]] = []
    tall = (positions(graph, people, layout=layout, bands=tall_bands, target=PORTRAIT, plans=plans)
            if layout == "org" and not group_by_department and len(snapshots) == 1 else None)
    ids = {p: f"n{i}" for i, p in enumerate(sorted(people))}

    names: dict[str, str] = {}  # what the page shows for each person, worked out once (tooltips repeat our team's)

    def shown(p: str) -> str:
        if p not in names:
            d = graph.nodes[p]
            names[p] = redacted_name(d) if (d.get("side") == "customer" and redact) or redact_all else d.get("name") or p
        return names[p]

    nodes: list[dict] = []
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
        level = level_of.get(p) or d.get("level")
        executive = level == "executive"
        # a label fits its slot (SLOT_WIDTH): the larger bold font of an executive and the ⚠ take two characters each
        chars = LABEL_CHARS - (2 if executive else 0)
        label = ("⚠ " if worst == "high" else "") + _short(shown(p), chars - (2 if worst == "high" else 0))
        subtitle = d.get("title") if ours or not (redact or redact_all) else None
        if subtitle and not redact_all:
            label += "\n" + _short(subtitle, chars)
        size = 12 if ours else 7 + 12 * info.get("power", 0)
        extra = {"font": {"size": EXECUTIVE_FONT_SIZE, "color": "#0d2238"}} if executive else {}
        nodes.append(dict(
            id=ids[p], label=label or ids[p], title="\n".join(lines),
            shape="diamond" if ours else "dot", color=colour, borderWidth=ring[1] if ring else 1,
            size=round(size + (6 if executive else 0), 1), x=round(x, 1), y=round(y, 1), physics=False,
            level=level or "", **extra,
            **({"tall": [round(tall[p][0], 1), round(tall[p][1], 1)]} if tall else {}),
            shapeProperties=DASHED_BORDER if left else NO_SHAPE,
            side="ours" if ours else "theirs", department=d.get("department") or "", roles=roles,
            attitude=d.get("attitude") or "", severity=worst or "", search=shown(p).lower(),
        ))
    drawn = set(ids)
    # Unknown stakeholders (kamgraph.render.unknown_nodes): a row under each account's people, not on a focused map.
    unknown, unknown_all = unknown_nodes(snapshots, where, shown, redact=redact or redact_all) if focus is None else ([], 0)
    nodes += unknown

    edges: list[dict] = []
    colours: dict[tuple[bool, float], dict] = {}  # one object per colour and opacity, shared by the edges that have it

    def add_edge(u: str, v: str, **options) -> None:
        edges.append({**options, "from": u, "to": v})

    # By default a contact shows the strongest active relationship into them, and every line a finding is about
    # (stale, held by someone who has left); the rest appear on a click or with "show all relationships".
    drawn_relationships = [(member, contact, rel) for (member, contact), rel in strengths.items()
                           if rel.strength >= MIN_DRAWN_STRENGTH and member in drawn and contact in drawn]
    strongest: dict[str, tuple[float, str]] = {}
    for member, contact, rel in drawn_relationships:
        if rel.active:
            strongest[contact] = max(strongest.get(contact, (0.0, "")), (rel.strength, member))
    about: set[tuple[str, str]] = set()
    for a in analyses:
        for f in a["gaps"] + a["risks"]:
            if f["kind"] == "stale_relationship":
                about.update((m, f["id"]) for m in f.get("members", []))
            elif f["kind"] == "departed_owner":
                about.update((m, f["id"]) for m in f.get("held_by", []))
    for member, contact, rel in drawn_relationships:
        primary = strongest.get(contact, (0, None))[1] == member
        finding = (member, contact) in about
        opacity = round(0.2 + 0.7 * rel.strength, 2)
        colour = colours.get((rel.active, opacity))
        if colour is None:
            colour = colours[rel.active, opacity] = {"color": RELATIONSHIP if rel.active else DEPARTED, "opacity": opacity}
        edges.append({
            "width": round(0.5 + 3.5 * rel.strength, 2),
            # what the tooltip says (the page writes it): strength, interactions, last, declared level, stale, active
            "facts": [round(rel.strength, 2), rel.interactions, str(rel.last or ""), rel.level or "",
                      int(bool(rel.stale)), int(bool(rel.active))],
            "color": colour, "dashes": STALE_DASHES if rel.stale or not rel.active else False, "arrows": NO_ARROW,
            "kind": "relationship", "primary": primary, "finding": finding, "hidden": not (primary or finding),
            "smooth": CURVED, "from": ids[member], "to": ids[contact]})
    for u, v, key, d in graph.edges(keys=True, data=True):
        if u not in drawn or v not in drawn:
            continue
        if key == "REPORTS_TO":
            add_edge(ids[u], ids[v], color=REPORTS_TO_COLOUR, width=1, arrows="to", kind="reports_to")
        elif key == "INFLUENCES":
            add_edge(ids[u], ids[v], color=INFLUENCE_COLOUR, width=1 + 2 * float(d.get("weight") or 0.5),
                     dashes=INFLUENCE_DASHES, arrows="to", kind="influences")
        elif key == "IN_CONFLICT_WITH":
            add_edge(ids[u], ids[v], color=CONFLICT_COLOUR, width=2.5, dashes=CONFLICT_DASHES,
                     arrows=NO_ARROW, kind="conflict")
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": len(people) > 500},
        "edges": {"smooth": False},
        "nodes": {"font": {"size": FONT_SIZE, "face": "system-ui,sans-serif", "color": "#1f2328",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": LABEL_THRESHOLD, "maxVisible": 26}}},
    }
    customers = [p for p in people if graph.nodes[p].get("side") == "customer"]
    return {
        "nodes": nodes,
        "edges": edges,
        "options": options,
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


@no_cyclic_gc()
def map_html(snapshots: nx.MultiDiGraph | list[nx.MultiDiGraph], *, title: str | None = None,
             as_of: dt.date | str | None = None, data: dict | None = None, **options) -> str:
    """The relationship map of one account snapshot (or several, for a portfolio) as one HTML page.

    ``options`` are those of :func:`map_data`: ``layout`` ("org" or "force"), ``focus``
    and ``depth``, ``group_by_department``, ``redact``, ``redact_all``; ``data`` is map_data's result when
    the caller has it already (the review draws its still picture from the same).
    """
    snapshots = [snapshots] if isinstance(snapshots, nx.MultiDiGraph) else list(snapshots)
    data = data if data is not None else map_data(snapshots, as_of=as_of, **options)
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

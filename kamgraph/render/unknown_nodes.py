"""Unknown stakeholders on the relationship map: people at the account who are in mail and meetings but in no
one's records (addresses at its domains that matched nobody: :mod:`kamgraph.io.capture`).

They are drawn in a row under their account's people, as white dots with a
dashed outline and a "?" before the name, so they read as people the map is
missing rather than as contacts. The ones seen most are drawn (at most
:data:`SHOWN` per account, few enough to show by default); the legend says how
many there are in all. Each one's tooltip gives the address, the display name,
how many meetings and emails they were on and with whom from our team.

A redacted map (``--redact``) shows neither address nor display name: only
"? unknown" with the counts (and our people's names unless
``--redact-all`` hides those too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import networkx as nx

from kamgraph.analysis.unknown import unknown_stakeholders

SHOWN = 12  # unknown stakeholders drawn per account, those with the most interactions
FILL = "#ffffff"
OUTLINE = "#57606a"
ROW_GAP = 140.0  # how far under the account's lowest person their row is drawn
SPACING = 150.0  # between two unknown stakeholders in the row


def _with_whom(graph: nx.MultiDiGraph, addresses: set[str]) -> dict[str, dict]:
    """For each address: meetings and emails it was on, and how often each of our people was there too."""
    ours = {n for n, d in graph.nodes(data=True) if d.get("side") == "supplier"}
    out = {a: {"kinds": Counter(), "with": Counter()} for a in addresses}
    for row in graph.graph.get("unknown", ()):
        names = {str(entry).strip().partition(" ")[0].lower() for entry in row.get("unknown") or ()}
        for address in names & addresses:
            out[address]["kinds"][row.get("kind") or "interaction"] += 1
            out[address]["with"].update(p for p in set(row.get("participants") or ()) if p in ours)
    return out


def unknown_nodes(snapshots: list[nx.MultiDiGraph], where: dict[str, tuple[float, float]],
                  shown: Callable[[str], str], *, redact: bool, shown_per_account: int = SHOWN) -> tuple[list[dict], int]:
    """The map's nodes for the unknown stakeholders of each snapshot's account, and how many there are in all.

    ``where`` holds the drawn people's positions (a row goes under the account's
    lowest); ``shown(person)`` is how the map names one of our people.
    """
    nodes: list[dict] = []
    total = 0
    for number, graph in enumerate(snapshots):
        found = unknown_stakeholders(graph, top=shown_per_account)
        total += found["count"]
        if not found["top"]:
            continue
        theirs = [where[p] for p, d in graph.nodes(data=True) if p in where and d.get("side") == "customer"]
        everyone = theirs or list(where.values()) or [(0.0, 0.0)]
        left = min(x for x, _ in everyone)
        right = max(x for x, _ in everyone)
        y = max(y for _, y in everyone) + ROW_GAP
        step = SPACING if len(found["top"]) * SPACING <= right - left + SPACING else (right - left) / max(
            len(found["top"]) - 1, 1)
        start = (left + right) / 2 - step * (len(found["top"]) - 1) / 2
        seen = _with_whom(graph, {u["address"] for u in found["top"]})
        for i, one in enumerate(found["top"]):
            facts = seen[one["address"]]
            kinds = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(facts["kinds"].items()))
            team = ", ".join(f"{shown(p)} ({n})" for p, n in facts["with"].most_common(5)) or "nobody of ours"
            name = "unknown stakeholder" if redact else (one["name"] or one["address"].split("@", 1)[0])
            lines = [f"? {name}"] if redact else [f"? {name}", one["address"]]
            lines += ["Unknown stakeholder: at the account's domain, in no one's records",
                      f"On {one['interactions']} interaction{'s' if one['interactions'] != 1 else ''}"
                      + (f" ({kinds})" if kinds else "") + f", last {one['last'] or 'never'}",
                      f"With: {team}"]
            if not redact:
                lines.append("Add them: kamgraph import mail … --add-unknown")
            label = "? unknown" if redact else "? " + (name if len(name) <= 17 else name[:16].rstrip() + "…")
            nodes.append({
                "id": f"u{number}.{i}", "label": label, "title": "\n".join(lines), "shape": "dot", "size": 8,
                "color": {"background": FILL, "border": OUTLINE}, "borderWidth": 1.5,
                "shapeProperties": {"borderDashes": [3, 3]}, "x": round(start + i * step, 1), "y": round(y, 1),
                "level": "", "side": "unknown", "department": "", "roles": [],
                "attitude": "", "severity": "", "unknown": True,
            })
    return nodes, total

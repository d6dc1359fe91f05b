"""Unknown stakeholders in a snapshot: addresses at the account's domains that its mail and calendar
interactions name but that match no one (see :mod:`kamgraph.stakeholders`).

A pure function of the snapshot: an address that a person of the snapshot
now has (added with ``kamgraph import mail … --add-unknown`` or an import of
contacts) is known and not counted.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

TOP_UNKNOWN = 5  # how many of the most frequent unknown stakeholders an analysis lists


def unknown_stakeholders(graph: nx.MultiDiGraph, *, top: int = TOP_UNKNOWN) -> dict:
    """How many unknown stakeholders the snapshot's interactions name, and the ``top`` most frequent.

    Returns ``{"count", "top": [{"address", "name", "interactions", "last"}]}``, most interactions first
    (then the latest, then by address); ``name`` is the display name seen most, ``last`` the latest date.

    >>> g = nx.MultiDiGraph(unknown=[{"date": "2026-01-05", "unknown": ["ann@acme.com Ann Lee", "bo@acme.com"]},
    ...                              {"date": "2026-02-01", "unknown": ["ann@acme.com"]}])
    >>> g.add_node("p", email="Bo@Acme.com")
    >>> unknown_stakeholders(g)
    {'count': 1, 'top': [{'address': 'ann@acme.com', 'name': 'Ann Lee', 'interactions': 2, 'last': '2026-02-01'}]}
    """
    known = {str(d["email"]).strip().lower() for _, d in graph.nodes(data=True) if d.get("email")}
    seen: dict[str, dict] = {}
    for row in graph.graph.get("unknown", ()):
        for entry in dict.fromkeys(row.get("unknown") or ()):
            address, _, name = str(entry).strip().partition(" ")
            address = address.lower()
            if not address or address in known:
                continue
            one = seen.setdefault(address, {"names": Counter(), "interactions": 0, "last": None})
            if name.strip():
                one["names"][name.strip()] += 1
            one["interactions"] += 1
            date = row.get("date")
            if date and (one["last"] is None or date > one["last"]):
                one["last"] = date
    ranked = sorted(seen.items(), key=lambda kv: (-kv[1]["interactions"], _newest_first(kv[1]["last"]), kv[0]))
    return {
        "count": len(seen),
        "top": [{"address": address, "name": one["names"].most_common(1)[0][0] if one["names"] else None,
                 "interactions": one["interactions"], "last": one["last"]} for address, one in ranked[:top]],
    }


def _newest_first(date: str | None) -> tuple:
    return (date is None, tuple(-ord(c) for c in date or ""))

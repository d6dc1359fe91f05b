"""An account's relationship state on a day, and what changed between two such states.

:func:`account_state` is what ``kamgraph snapshot`` records (as JSON) and
:func:`diff_states` compares two of them: people who joined or left on either
side, changed titles, roles, attitudes and other fields, declared links added,
removed or changed, relationships that strengthened,
weakened or went stale, and the change in health.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from kamgraph.analysis.account import analyze_account
from kamgraph.analysis.strength import relationship_strengths

STRENGTH_CHANGE = 0.1
# What diff compares of each person (the snapshot's people fields, less name, side and active).
PERSON_FIELDS = ("title", "department", "level", "roles", "attitude", "influence", "team_role")


def account_state(graph: nx.MultiDiGraph, *, as_of: dt.date | str | None = None, analysis: dict | None = None,
                  strengths: dict | None = None) -> dict:
    """The state worth comparing later: people, relationships and the headline figures.

    ``analysis`` and ``strengths``: the account's :func:`~kamgraph.analysis.analyze_account` and
    :func:`~kamgraph.analysis.relationship_strengths` as of the same day, when the caller has them already
    (the review does), so they are not computed twice.

    Examples
    --------
    >>> g = nx.MultiDiGraph(account={"id": "A", "name": "Acme"}, interactions=[])
    >>> g.add_node("c", side="customer", name="C", roles=[])
    >>> sorted(account_state(g, as_of="2026-01-01")["people"])
    ['c']
    """
    analysis = analysis or analyze_account(graph, as_of=as_of)
    account_id = graph.graph.get("account", {}).get("id")
    people = {
        n: {"name": d.get("name"), "side": d.get("side"), "title": d.get("title"), "department": d.get("department"),
            "attitude": d.get("attitude"), "active": d.get("active", True) is not False,
            "roles": sorted({r["role"] for r in d.get("roles", [])}), "level": d.get("level"),
            "influence": d.get("influence"), "team_role": d.get("teams", {}).get(account_id)}
        for n, d in graph.nodes(data=True)
    }
    # Declared links (what a workshop edits), keyed "TYPE|source|target".
    links = {f"{k}|{u}|{v}": {"type": k, "source": u, "target": v, "props": dict(sorted(d.items()))}
             for u, v, k, d in graph.edges(keys=True, data=True)}
    relationships = {
        f"{m}|{c}": {"member": m, "contact": c, "strength": round(r.strength, 4), "stale": r.stale, "active": r.active}
        for (m, c), r in (relationship_strengths(graph, as_of=as_of) if strengths is None else strengths).items()
    }
    return {"account": analysis["account"], "as_of": analysis["as_of"], "people": people, "links": links,
            "relationships": relationships, "health": analysis["health"]["score"],
            "coverage": {k: analysis["coverage"][k] for k in
                         ("contacts", "covered_contacts", "decision_makers", "covered_decision_makers", "threads")}}


def diff_states(old: dict, new: dict, *, strength_change: float = STRENGTH_CHANGE) -> dict:
    """What changed from ``old`` to ``new`` (two :func:`account_state` results).

    Returns
    -------
    dict
        ``since``, ``until``, ``joined`` and ``left`` (``[{"id", "name", "side"}]``), ``changed``
        (``[{"id", "name", "field", "before", "after"}]`` for the :data:`PERSON_FIELDS`), ``links_added``,
        ``links_removed`` and ``links_changed`` (declared links: ``type``, ``source``, ``target`` and their
        names, with ``props``, or ``before`` and ``after`` props),
        ``strengthened``, ``weakened`` (by ``strength_change`` or more) and ``went_stale``
        (``[{"member", "contact", "before", "after"}]``), ``health`` (before, after, delta)
        and ``coverage`` (each figure before and after).

    Examples
    --------
    >>> a = {"as_of": "2026-01-01", "people": {}, "relationships": {}, "health": 50.0, "coverage": {}}
    >>> b = {**a, "as_of": "2026-02-01", "health": 55.0, "people": {"p": {"name": "P", "side": "customer", "active": True}}}
    >>> d = diff_states(a, b)
    >>> [p["id"] for p in d["joined"]], d["health"]["delta"]
    (['p'], 5.0)
    """
    def present(state, pid):
        return pid in state["people"] and state["people"][pid].get("active", True)

    def who(pid, state):
        p = state["people"].get(pid, {})
        return {"id": pid, "name": p.get("name"), "side": p.get("side")}

    joined = [who(p, new) for p in sorted(new["people"]) if present(new, p) and not present(old, p)]
    left = [who(p, old) for p in sorted(old["people"]) if present(old, p) and not present(new, p)]
    changed = []
    for pid in sorted(set(old["people"]) & set(new["people"])):
        was, now = old["people"][pid], new["people"][pid]
        for field in PERSON_FIELDS:
            if field not in was or field not in now:  # a snapshot recorded before kamgraph kept the field
                continue
            if was[field] != now[field]:
                changed.append({**who(pid, new), "field": field, "before": was[field], "after": now[field]})
    links = _link_changes(old, new)
    strengthened, weakened, went_stale = [], [], []
    for key in sorted(set(old["relationships"]) | set(new["relationships"])):
        before = old["relationships"].get(key, {}).get("strength", 0.0)
        after_rel = new["relationships"].get(key, {})
        after = after_rel.get("strength", 0.0)
        ends = new["relationships"].get(key) or old["relationships"][key]
        member, contact = ends["member"], ends["contact"]
        entry = {"member": member, "contact": contact, "before": before, "after": after}
        if after - before >= strength_change:
            strengthened.append(entry)
        elif before - after >= strength_change:
            weakened.append(entry)
        if after_rel.get("stale") and not old["relationships"].get(key, {}).get("stale", False) and key in old["relationships"]:
            went_stale.append(entry)
    coverage = {k: {"before": old.get("coverage", {}).get(k), "after": v} for k, v in new.get("coverage", {}).items()}
    return {
        "since": old["as_of"], "until": new["as_of"], "joined": joined, "left": left, "changed": changed, **links,
        "strengthened": strengthened, "weakened": weakened, "went_stale": went_stale,
        "health": {"before": old["health"], "after": new["health"], "delta": round(new["health"] - old["health"], 1)},
        "coverage": coverage,
    }


def _link_changes(old: dict, new: dict) -> dict[str, list[dict]]:
    """Declared links (reports to, influences, conflict, knows) added, removed or changed between two states.

    Empty when ``old`` was recorded before snapshots kept links.
    """
    out = {"links_added": [], "links_removed": [], "links_changed": []}
    if "links" not in old or "links" not in new:
        return out

    def entry(key: str, state: dict) -> dict:
        link = state["links"][key]
        names = {pid: state["people"].get(pid, {}).get("name") for pid in (link["source"], link["target"])}
        return {"type": link["type"], "source": link["source"], "target": link["target"],
                "source_name": names[link["source"]], "target_name": names[link["target"]]}

    before, after = old["links"], new["links"]
    out["links_added"] = [{**entry(k, new), "props": after[k]["props"]} for k in sorted(set(after) - set(before))]
    out["links_removed"] = [{**entry(k, old), "props": before[k]["props"]} for k in sorted(set(before) - set(after))]
    out["links_changed"] = [{**entry(k, new), "before": before[k]["props"], "after": after[k]["props"]}
                            for k in sorted(set(before) & set(after)) if before[k]["props"] != after[k]["props"]]
    return out

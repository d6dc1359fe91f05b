"""Account reviews over time and the portfolio view: store + snapshot + analyses, gathered for rendering.

Each function here is one ``kamgraph`` command's library call (``snapshot``,
``diff``, ``review``, ``portfolio``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from kamgraph.analysis import analyze_account
from kamgraph.analysis.actions import recommend_actions
from kamgraph.analysis.history import account_state, diff_states
from kamgraph.analysis.portfolio import (
    PortfolioConfig,
    account_revenue,
    portfolio_table,
    single_currency,
)
from kamgraph.analysis.strength import as_date, relationship_strengths
from kamgraph.errors import NotFound
from kamgraph.snapshot import load_snapshot, resolve_account
from kamgraph.store import GraphStore


def _iso(day: dt.date | str | None) -> str:
    return as_date(day).isoformat()


def record_snapshot(store: GraphStore, account: str, *, as_of: dt.date | str | None = None) -> dict:
    """Record the account's relationship state as of a day (default today) in the store; returns the state."""
    state = account_state(load_snapshot(store, account), as_of=_iso(as_of))
    store.save_snapshot(state["account"]["id"], state["as_of"], json.dumps(state, ensure_ascii=False))
    return state


def changes_since(store: GraphStore, account: str, *, since: dt.date | str | None = None,
                  as_of: dt.date | str | None = None) -> dict | None:
    """What changed from a recorded snapshot to the state as of ``as_of`` (default today).

    The snapshot compared with is the latest taken on or before ``since``, or, without
    ``since``, the latest taken before ``as_of``. None when there is no such snapshot.
    """
    account_id, day = resolve_account(store, account), _iso(as_of)
    return _changes(store, account_id, day, since, lambda: account_state(load_snapshot(store, account_id), as_of=day))


def _changes(store: GraphStore, account_id: str, day: str, since: dt.date | str | None,
             state: Callable[[], dict]) -> dict | None:
    """The diff from the snapshot recorded before ``day`` (or on or before ``since``) to ``state()``, the state as of
    ``day``, which is only worked out when there is such a snapshot."""
    limit = _iso(since) if since else None
    earlier = [s for s in store.snapshots(account_id) if (s["taken_on"] <= limit if limit else s["taken_on"] < day)]
    if not earlier:
        return None
    return diff_states(json.loads(earlier[-1]["state"]), state())


def review(store: GraphStore, account: str, *, as_of: dt.date | str | None = None) -> dict:
    """Everything an account review pack shows: the analysis, next actions, changes, and the snapshot graph
    (with ``strengths``, its relationships, which the pack's map draws)."""
    graph = load_snapshot(store, account)
    day = _iso(as_of)
    # The graph, its relationships and its analysis are worked out once and shared by the next actions, the
    # comparison with the last snapshot (only when there is one) and the map.
    strengths = relationship_strengths(graph, as_of=day)
    analysis = analyze_account(graph, as_of=day, strengths=strengths)
    changes = _changes(store, graph.graph["account"]["id"], day, None,
                       lambda: account_state(graph, as_of=day, analysis=analysis, strengths=strengths))
    return {"graph": graph, "analysis": analysis, "strengths": strengths,
            "actions": recommend_actions(graph, analysis, as_of=day, strengths=strengths),
            "changes": changes, "as_of": day}


def portfolio(store: GraphStore, *, config: PortfolioConfig | None = None,
              as_of: dt.date | str | None = None, since: dt.date | str | None = None) -> dict:
    """Every account ranked by revenue with Pareto class, score and tier, and the portfolio's relationship risks.

    Returns
    -------
    dict
        ``accounts`` (see :func:`kamgraph.analysis.portfolio.portfolio_table`), ``risks``
        (``single_threaded``: key accounts with fewer than 3 threads; ``key_people``: our people
        ranked by the threads they hold into tier-one and class-A accounts), ``as_of``, ``since``,
        ``currency`` (of every revenue figure; None when it is in several currencies, listed in
        ``currencies``, which are then shown apart and never added).
    """
    day = _iso(as_of)
    accounts, holders = [], {}
    for listed in store.accounts():
        graph = load_snapshot(store, listed["id"])
        analysis = analyze_account(graph, as_of=day)
        revenues, source = account_revenue(graph.graph["account"], graph.graph["opportunities"],
                                           _iso(since) if since else None)
        info = graph.graph["account"]
        accounts.append({"id": info["id"], "name": info.get("name"), "revenues": revenues, "revenue_source": source,
                         "health": analysis["health"]["score"], "threads": analysis["coverage"]["threads"],
                         **{k: info.get(k) for k in ("growth_potential", "margin", "strategic_fit")}})
        for contact in analysis["contacts"]:
            if contact["thread"]:
                top = contact["covered_by"][0]["member"]
                holders.setdefault(top, {"id": top, "name": graph.nodes[top].get("name"), "threads": {}})
                holders[top]["threads"][info["id"]] = holders[top]["threads"].get(info["id"], 0) + 1
    if not accounts:
        raise NotFound("there are no accounts in the store: try kamgraph demo or kamgraph import")
    one, currency = single_currency([a["revenues"] for a in accounts])
    for a in accounts:
        a["revenue"] = sum(a["revenues"].values()) if one else None
        a["currency"] = currency
    rows = portfolio_table(accounts, config)
    config = config or PortfolioConfig()
    key = {r["id"] for r in rows if r["pareto_class"] == "A" or r["tier"] == config.tiers[0][0]}
    people = [{"id": h["id"], "name": h["name"], "key_threads": sum(n for a, n in h["threads"].items() if a in key),
               "accounts": sorted(h["threads"])} for h in holders.values()]
    people.sort(key=lambda p: (-p["key_threads"], p["name"] or ""))
    currencies = sorted({c for a in accounts for c in a["revenues"]})
    return {"as_of": day, "since": _iso(since) if since else None, "currency": currency, "currencies": currencies,
            "accounts": rows,
            "risks": {"single_threaded": [r["id"] for r in rows if r["id"] in key and (r["threads"] or 0) < 3],
                      "key_people": [p for p in people if p["key_threads"]][:10]}}

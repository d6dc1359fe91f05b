"""A concrete next action for each gap and risk: who on our team should meet whom, and through whom."""

from __future__ import annotations

import datetime as dt

import networkx as nx

from kamgraph.analysis.paths import IntroductionPaths

MAX_ACTIONS = 25
INTRODUCED = {"uncovered_contact", "weak_coverage", "departed_owner", "unengaged_blocker", "single_point_of_contact",
              "uncovered_role", "uncovered_unit"}  # the findings whose action is an introduction
MAX_LOW = 5  # low-severity findings get an action too, but only the first few: the full list is in the pack


def _name(graph: nx.MultiDiGraph, pid: str) -> str:
    return graph.nodes[pid].get("name") or pid if pid in graph else pid


def _introduction(finder: IntroductionPaths, target: str, avoid: set[str] = frozenset()) -> tuple[str, dict | None]:
    """A sentence for reaching ``target`` by the strongest warm path not starting with someone in ``avoid``."""
    graph = finder.graph
    if target not in graph or graph.nodes[target].get("active", True) is False:
        return "", None
    path = finder.best(target, frozenset(avoid))
    if path is None:
        return f"Nobody on our team reaches {_name(graph, target)} yet: ask the account's champion for an introduction.", None
    people = [_name(graph, p) for p in path["people"]]
    if len(people) == 2:
        return f"{people[0]} should meet {people[1]} (their relationship is {path['strength']:.2f}).", path
    return (f"{people[0]} should meet {people[-1]}, introduced by {people[1]}"
            + (f" (path: {' → '.join(people)})" if len(people) > 3 else "") + f"; path strength {path['strength']:.2f}."), path


def recommend_actions(graph: nx.MultiDiGraph, analysis: dict, *, as_of: dt.date | str | None = None,
                      limit: int = MAX_ACTIONS) -> list[dict]:
    """For the most severe findings, in order: ``[{"kind", "id", "severity", "detail", "action", "path"}]``.

    Examples
    --------
    >>> g = nx.MultiDiGraph(account={"id": "A"}, interactions=[])
    >>> g.add_node("s", side="supplier", name="Sam"); g.add_node("c", side="customer", name="Cy", level="staff", roles=[])
    >>> g.add_node("t", side="customer", name="Tia", level="executive", roles=[])
    >>> _ = g.add_edge("s", "c", key="KNOWS", level="trusted_advisor"); _ = g.add_edge("c", "t", key="REPORTS_TO")
    >>> f = {"kind": "uncovered_contact", "id": "t", "severity": "high", "detail": "..."}
    >>> recommend_actions(g, {"gaps": [f], "risks": []})[0]["action"]
    'Sam should meet Tia, introduced by Cy; path strength 0.56.'
    """
    order = {"high": 0, "medium": 1, "low": 2}
    ranked = sorted(analysis["gaps"] + analysis["risks"], key=lambda f: order[f["severity"]])
    urgent = [f for f in ranked if f["severity"] != "low"]
    findings = (urgent + [f for f in ranked if f["severity"] == "low"][:MAX_LOW])[:limit]
    out = []
    finder = None  # the introduction paths of this account: ties built once, one search shared by every target
    for f in findings:
        if finder is None and f["kind"] in INTRODUCED:
            finder = IntroductionPaths(graph, as_of=as_of)
        kind, fid = f["kind"], f["id"]
        path = None
        if kind in ("uncovered_contact", "weak_coverage", "departed_owner", "unengaged_blocker"):
            action, path = _introduction(finder, fid)
            if kind == "unengaged_blocker" and path:
                action = action.rstrip(".") + ": hear their objections before they are raised in the decision."
        elif kind == "stale_relationship":
            members = ", ".join(_name(graph, m) for m in f.get("members", []))
            action = f"{members} should get back in touch with {_name(graph, fid)} (no contact since {f.get('last')})."
        elif kind == "single_point_of_contact":
            action, path = _introduction(finder, fid, avoid=set(f.get("covered_by", [])))
            action = "Add a second thread: " + action if path else action
        elif kind == "key_person_dependency":
            action = (f"Bring a second team member into {_name(graph, fid)}'s decision-maker relationships; "
                      "start with the joint meetings already planned.")
        elif kind == "single_threaded_account":
            action = "Build threads to each decision-maker: plan one meeting per decision-maker with a second team member."
        elif kind in ("uncovered_role", "uncovered_unit"):
            holders = f.get("holders") or f.get("people") or []
            power = {c["id"]: c["power"] for c in analysis.get("contacts", [])}
            target = max(holders, key=lambda h: power.get(h, 0), default=None)
            action, path = _introduction(finder, target) if target else ("Identify who holds this role.", None)
        else:
            action = ""
        out.append({"kind": kind, "id": fid, "severity": f["severity"], "detail": f["detail"], "action": action,
                    "path": path["people"] if path else None})
    return out

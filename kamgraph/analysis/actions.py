"""A concrete next action for each gap and risk: who on our team should meet whom, and through whom.

The advice never contradicts the figures beside it: an introduction is only
suggested along a warm path of strength ``min_path_strength`` (0.05) or more —
below that there is no warm path, and the advice is a direct approach; the
account's champion is only named when there is one (a contact with the
declared role or attitude ``champion`` whom one of ours covers); with no
decision-maker known, the advice is to identify them first.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from kamgraph.analysis.paths import IntroductionPaths

MAX_ACTIONS = 25
INTRODUCED = {"uncovered_contact", "weak_coverage", "departed_owner", "unengaged_blocker", "single_point_of_contact",
              "uncovered_role", "uncovered_unit"}  # the findings whose action is an introduction
MAX_LOW = 5  # low-severity findings get an action too, but only the first few: the full list is in the pack
MIN_PATH_STRENGTH = 0.05  # weaker than this, a chain of acquaintances is no introduction


def _name(graph: nx.MultiDiGraph, pid: str) -> str:
    return graph.nodes[pid].get("name") or pid if pid in graph else pid


def _active_team(graph: nx.MultiDiGraph) -> list[str]:
    """Our active people on the account, the account managers first."""
    account = graph.graph.get("account", {}).get("id")
    team = [n for n, d in graph.nodes(data=True) if d.get("side") == "supplier" and d.get("active", True) is not False]

    def lead(n):
        role = str(graph.nodes[n].get("teams", {}).get(account) or "").lower()
        return (not any(w in role for w in ("kam", "key account", "account manager", "account director")), n)

    return sorted(team, key=lead)


def _champions(graph: nx.MultiDiGraph, analysis: dict) -> list[str]:
    """Contacts who champion us and whom one of ours covers, most powerful first."""
    covered = {c["id"]: c for c in analysis.get("contacts", []) if c.get("covered")}
    found = [c for c in covered
             if graph.nodes[c].get("attitude") == "champion"
             or any(r.get("role") == "champion" for r in graph.nodes[c].get("roles", []))]
    return sorted(found, key=lambda c: (-covered[c].get("power", 0), c))


def _no_warm_path(graph: nx.MultiDiGraph, target: str, analysis: dict, weak: dict | None,
                  avoid: set[str] = frozenset()) -> str:
    """The advice when no warm path reaches ``target``; nobody in ``avoid`` (the one member who already knows a
    single point of contact) is suggested, since the point is a second thread."""
    who = _name(graph, target)
    others = " else" if avoid else ""
    why = (f"the strongest path is {weak['strength']:.2f}, below {MIN_PATH_STRENGTH:.2f}" if weak
           else f"nobody{others} on our team reaches them through the customer's relationships")
    contacts = {c["id"]: c for c in analysis.get("contacts", [])}
    for champion in _champions(graph, analysis):
        members = [m["member"] for m in contacts[champion]["covered_by"] if m["member"] not in avoid]
        if champion != target and members:
            return (f"No warm path to {who} ({why}): {_name(graph, members[0])} should ask our champion "
                    f"{_name(graph, champion)} for an introduction.")
    team = [m for m in _active_team(graph) if m not in avoid]
    if team:
        return f"No warm path to {who} ({why}): {_name(graph, team[0])} should approach them directly."
    if avoid:
        holders = " and ".join(_name(graph, m) for m in sorted(avoid))
        return (f"No warm path to {who} ({why}), and nobody{others} on our team is active on the account: "
                f"bring a second team member onto the account to meet {who} with {holders}.")
    return f"No warm path to {who} ({why}), and nobody on our team is active on the account: assign someone first."


def _introduction(finder: IntroductionPaths, target: str, avoid: set[str] = frozenset(), analysis: dict | None = None,
                  min_strength: float = MIN_PATH_STRENGTH) -> tuple[str, dict | None]:
    """A sentence for reaching ``target`` by the strongest warm path not starting with someone in ``avoid``."""
    graph = finder.graph
    if target not in graph or graph.nodes[target].get("active", True) is False:
        return "", None
    path = finder.best(target, frozenset(avoid))
    if path is None or path["strength"] < min_strength:
        return _no_warm_path(graph, target, analysis or {}, path, avoid), None
    people = [_name(graph, p) for p in path["people"]]
    if len(people) == 2:
        return f"{people[0]} should meet {people[1]} (their relationship is {path['strength']:.2f}).", path
    return (f"{people[0]} should meet {people[-1]}, introduced by {people[1]}"
            + (f" (path: {' → '.join(people)})" if len(people) > 3 else "") + f"; path strength {path['strength']:.2f}."), path


def recommend_actions(graph: nx.MultiDiGraph, analysis: dict, *, as_of: dt.date | str | None = None,
                      limit: int = MAX_ACTIONS, strengths: dict | None = None) -> list[dict]:
    """For the most severe findings, in order: ``[{"kind", "id", "severity", "detail", "action", "path"}]``.

    ``strengths``: the graph's :func:`~kamgraph.analysis.relationship_strengths` as of the same day, when the
    caller has them already (the review does), for the introduction paths.

    Examples
    --------
    >>> g = nx.MultiDiGraph(account={"id": "A"}, interactions=[])
    >>> g.add_node("s", side="supplier", name="Sam"); g.add_node("c", side="customer", name="Cy", level="staff", roles=[])
    >>> g.add_node("t", side="customer", name="Tia", level="executive", roles=[])
    >>> _ = g.add_edge("s", "c", key="KNOWS", level="trusted_advisor"); _ = g.add_edge("c", "t", key="REPORTS_TO")
    >>> f = {"kind": "uncovered_contact", "id": "t", "severity": "high", "detail": "..."}
    >>> recommend_actions(g, {"gaps": [f], "risks": []})[0]["action"]
    'Sam should meet Tia, introduced by Cy; path strength 0.56.'
    >>> g.remove_edge("c", "t", key="REPORTS_TO")
    >>> recommend_actions(g, {"gaps": [f], "risks": []})[0]["action"]
    "No warm path to Tia (nobody on our team reaches them through the customer's relationships): Sam should approach them directly."
    """
    order = {"high": 0, "medium": 1, "low": 2}
    ranked = sorted(analysis["gaps"] + analysis["risks"], key=lambda f: order[f["severity"]])
    urgent = [f for f in ranked if f["severity"] != "low"]
    findings = (urgent + [f for f in ranked if f["severity"] == "low"][:MAX_LOW])[:limit]
    out = []
    known = analysis.get("coverage", {}).get("decision_makers")
    contacts = analysis.get("contacts", [])
    finder = None  # the introduction paths of this account: ties built once, one search shared by every target
    for f in findings:
        if finder is None and f["kind"] in INTRODUCED:
            finder = IntroductionPaths(graph, as_of=as_of, strengths=strengths)
        kind, fid = f["kind"], f["id"]
        path = None
        if kind in ("uncovered_contact", "weak_coverage", "departed_owner", "unengaged_blocker"):
            action, path = _introduction(finder, fid, analysis=analysis)
            if kind == "unengaged_blocker" and path:
                action = action.rstrip(".") + ": hear their objections before they are raised in the decision."
        elif kind == "stale_relationship":
            members = ", ".join(_name(graph, m) for m in f.get("members", []))
            action = f"{members} should get back in touch with {_name(graph, fid)} (no contact since {f.get('last')})."
        elif kind == "single_point_of_contact":
            action, path = _introduction(finder, fid, avoid=set(f.get("covered_by", [])), analysis=analysis)
            action = "Add a second thread: " + action if path else action
        elif kind == "key_person_dependency":
            who = _name(graph, fid)
            action = (f"Bring a second team member into {who}'s decision-maker relationships: they should join "
                      f"{who}'s next meeting with each decision-maker." if any(m != fid for m in _active_team(graph))
                      else f"{who} is our only active team member on the account: bring a second team member onto "
                           f"the account and to {who}'s next meeting with each decision-maker.")
        elif kind == "single_threaded_account" and known == 0:
            action = ("The decision-makers are unknown: identify them first, then plan one meeting with each "
                      "and a second team member.")
        elif kind == "single_threaded_account":
            action = "Build threads to each decision-maker: plan one meeting per decision-maker with a second team member."
        elif kind == "no_decision_makers":
            guide = next((c for c in contacts if c.get("covered")), None)
            action = ("The decision-makers are unknown: "
                      + (f"{_name(graph, guide['covered_by'][0]['member'])} should ask {_name(graph, guide['id'])} "
                         "who approves the budget and signs off, " if guide else
                         "find out who approves the budget and signs off (organisation chart, a first meeting), ")
                      + "then record their buying roles.")
        elif kind == "no_active_team":
            top = contacts[0]["name"] or contacts[0]["id"] if contacts else None
            action = ("Assign an account manager to the account: every relationship left with the people who went"
                      + (f"; start with {top}." if top else "."))
        elif kind in ("uncovered_role", "uncovered_unit"):
            holders = f.get("holders") or f.get("people") or []
            power = {c["id"]: c["power"] for c in analysis.get("contacts", [])}
            target = max(holders, key=lambda h: power.get(h, 0), default=None)
            action, path = (_introduction(finder, target, analysis=analysis) if target
                            else ("Identify who holds this role.", None))
        else:
            action = ""
        out.append({"kind": kind, "id": fid, "severity": f["severity"], "detail": f["detail"], "action": action,
                    "path": path["people"] if path else None})
    return out

"""Gaps and risks in an account's relationships: each a finding with a kind, a severity and its reasons.

Gaps (what is missing):

- ``uncovered_contact``: an important contact (a decision-maker, or power of
  ``important`` or more) nobody active on our team covers;
- ``weak_coverage``: an important contact covered, but by nothing ``strong``;
- ``stale_relationship``: a contact all of whose active relationships are stale,
  or whose only relationships have gone cold (decayed below the coverage
  threshold): it names who held them and when they last met;
- ``no_decision_makers``: the account has contacts but not one decision-maker
  is known (no deciding role, no executive, no head of the reporting lines);
- ``uncovered_role``: a buying role none of whose holders is covered;
- ``uncovered_unit``: a department none of whose people is covered.

Risks (what could break):

- ``single_point_of_contact``: a contact exactly one active team member covers;
- ``single_threaded_account``: fewer than ``min_threads`` threads;
- ``key_person_dependency``: one team member holds more than ``key_person_share``
  of the relationship strength to the decision-makers;
- ``departed_owner``: a contact whose relationships were held only by people who left;
- ``unengaged_blocker``: an influential blocker or skeptic nobody is working on;
- ``no_active_team``: the account has contacts but nobody on our team is still
  there to hold them (everyone on the team has left, or nobody was assigned).

Severity is ``high``, ``medium`` or ``low``; findings about a person take it
from that person's power.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

IMPORTANT = 0.35
MIN_THREADS = 3
KEY_PERSON_SHARE = 0.5
INFLUENTIAL = 0.3
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _severity(power: dict) -> str:
    if power.get("decision_maker"):
        return "high"
    return "medium" if power.get("score", 0) >= IMPORTANT else "low"


def _name(graph: nx.MultiDiGraph, pid: str) -> str:
    return (graph.nodes[pid].get("name") or pid) if pid in graph else pid


def _who(graph: nx.MultiDiGraph, pid: str) -> str:
    d = graph.nodes[pid]
    extra = ", ".join(x for x in (d.get("title"), d.get("department")) if x)
    return f"{d.get('name') or pid}" + (f" ({extra})" if extra else "")


def _sorted(findings: list[dict], power: dict[str, dict]) -> list[dict]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f["severity"]], -power.get(f["id"], {}).get("score", 0),
                                           f["kind"], str(f["id"])))


def find_gaps(graph: nx.MultiDiGraph, coverage: dict[str, dict], power: dict[str, dict], account: dict,
              *, important: float = IMPORTANT) -> list[dict]:
    """Gaps, most severe first: ``[{"kind", "id", "severity", "detail", ...}]``.

    Examples
    --------
    >>> g = nx.MultiDiGraph(); g.add_node("c", side="customer", name="Ceo")
    >>> cov = {"c": {"covered": False, "covered_by": [], "thread": False, "best": 0.0, "departed": []}}
    >>> [f["kind"] for f in find_gaps(g, cov, {"c": {"score": 0.9, "decision_maker": True}},
    ...                               {"uncovered_roles": [], "uncovered_departments": []})]
    ['uncovered_contact']
    """
    gaps = []
    if coverage and not any(power.get(c, {}).get("decision_maker") for c in coverage):
        gaps.append({"kind": "no_decision_makers", "id": graph.graph.get("account", {}).get("id"), "severity": "high",
                     "detail": f"no decision-maker is known among {len(coverage)} contacts: nobody has a deciding "
                               "role, an executive title or heads the reporting lines"})
    for c, cov in coverage.items():
        p = power.get(c, {})
        is_important = p.get("decision_maker") or p.get("score", 0) >= important
        lapsed = cov.get("lapsed", [])
        if not cov["covered"] and lapsed:
            latest = lapsed[0]
            names = ", ".join(f"{_name(graph, x['member'])} (last met {x['last']}, now {x['strength']:.2f})" for x in lapsed)
            gaps.append({"kind": "stale_relationship", "id": c, "severity": _severity(p), "power": p.get("score"),
                         "members": [x["member"] for x in lapsed], "last": latest["last"], "held_by": lapsed,
                         "detail": f"{_who(graph, c)}: power {p.get('score', 0):.2f}; the relationship has gone cold: "
                                   f"{names}, too weak to count"})
        elif is_important and not cov["covered"]:
            gaps.append({"kind": "uncovered_contact", "id": c, "severity": _severity(p), "power": p.get("score"),
                         "detail": f"{_who(graph, c)}: power {p.get('score', 0):.2f}, nobody on our team has a relationship"})
        elif is_important and not cov["thread"] and not all(x["stale"] for x in cov["covered_by"]):
            gaps.append({"kind": "weak_coverage", "id": c, "severity": _severity(p), "power": p.get("score"),
                         "best_strength": cov["best"],
                         "detail": f"{_who(graph, c)}: strongest relationship is only {cov['best']:.2f}"})
        if cov["covered_by"] and all(x["stale"] for x in cov["covered_by"]):
            held = sorted(cov["covered_by"], key=lambda x: x.get("last") or "", reverse=True)
            names = ", ".join(f"{_name(graph, x['member'])} (last met {x.get('last') or 'never'})" for x in held)
            gaps.append({"kind": "stale_relationship", "id": c, "severity": _severity(p), "power": p.get("score"),
                         "members": [x["member"] for x in held], "last": held[0].get("last"), "held_by": held,
                         "detail": f"{_who(graph, c)}: power {p.get('score', 0):.2f}; every relationship is stale: {names}"})
    for role in account["uncovered_roles"]:
        holders = [c for c in coverage if role in {r["role"] for r in graph.nodes[c].get("roles", [])}]
        gaps.append({"kind": "uncovered_role", "id": role, "severity": "high" if role in ("economic_buyer", "decision_maker", "approver") else "medium",
                     "holders": holders, "detail": f"nobody covers a {role.replace('_', ' ')} ({len(holders)} holder{'s' * (len(holders) != 1)})"})
    for unit in account["uncovered_departments"]:
        people = [c for c in coverage if (graph.nodes[c].get("department") or "(no department)") == unit]
        strongest = max((power.get(c, {}).get("score", 0) for c in people), default=0)
        gaps.append({"kind": "uncovered_unit", "id": unit, "severity": "medium" if strongest >= important else "low",
                     "people": people, "detail": f"nobody covers anyone in {unit} ({len(people)} {'person' if len(people) == 1 else 'people'})"})
    return _sorted(gaps, power)


def find_risks(graph: nx.MultiDiGraph, coverage: dict[str, dict], power: dict[str, dict],
               *, min_threads: int = MIN_THREADS, key_person_share: float = KEY_PERSON_SHARE,
               influential: float = INFLUENTIAL) -> list[dict]:
    """Risks, most severe first: ``[{"kind", "id", "covered_by", "severity", "detail", ...}]``.

    Examples
    --------
    >>> g = nx.MultiDiGraph(account={"id": "A"}); g.add_node("c", side="customer", name="C")
    >>> g.add_node("s", side="supplier", name="S")
    >>> cov = {"c": {"covered": True, "covered_by": [{"member": "s", "strength": 0.6, "stale": False}],
    ...              "thread": True, "best": 0.6, "departed": []}}
    >>> sorted(r["kind"] for r in find_risks(g, cov, {"c": {"score": 0.2}}))
    ['single_point_of_contact', 'single_threaded_account']
    """
    risks = []
    account_id = graph.graph.get("account", {}).get("id")
    for c, cov in coverage.items():
        p = power.get(c, {})
        members = [x["member"] for x in cov["covered_by"]]
        if len(members) == 1:
            risks.append({"kind": "single_point_of_contact", "id": c, "covered_by": members, "severity": _severity(p),
                          "power": p.get("score"),
                          "detail": f"only {graph.nodes[members[0]].get('name') or members[0]} knows {_who(graph, c)}"})
        if not members and cov["departed"]:
            held = [x["member"] for x in cov["departed"]]
            names = ", ".join(graph.nodes[m].get("name") or m for m in held)
            risks.append({"kind": "departed_owner", "id": c, "covered_by": [], "held_by": held,
                          "severity": _severity(p), "power": p.get("score"),
                          "detail": f"{_who(graph, c)} was known only by {names}, who left"})
        attitude = graph.nodes[c].get("attitude")
        declared = graph.nodes[c].get("influence") or 0
        if attitude in ("blocker", "skeptic") and (p.get("score", 0) >= influential or declared >= 0.5):
            working = [x["member"] for x in cov["covered_by"] if not x["stale"]]
            if not working:
                risks.append({"kind": "unengaged_blocker", "id": c, "covered_by": members,
                              "severity": "high" if attitude == "blocker" else "medium", "power": p.get("score"),
                              "detail": f"{_who(graph, c)} is a {attitude} with power {p.get('score', 0):.2f}; "
                                        "nobody on our team is working on them"})
    team = sorted(n for n, d in graph.nodes(data=True) if d.get("side") == "supplier")
    if coverage and not any(graph.nodes[m].get("active", True) is not False for m in team):
        left = ", ".join(_name(graph, m) + (f" (left {graph.nodes[m]['left_on']})" if graph.nodes[m].get("left_on") else "")
                         for m in team)
        risks.append({"kind": "no_active_team", "id": account_id, "covered_by": [], "held_by": team,
                      "severity": "high",
                      "detail": (f"nobody on our team is still on the account: {left} left" if team
                                 else "nobody on our team is assigned to the account")})
    threads = [c for c, cov in coverage.items() if cov["thread"]]
    if len(threads) < min_threads:
        holders = sorted({coverage[c]["covered_by"][0]["member"] for c in threads})  # who holds each thread
        risks.append({"kind": "single_threaded_account", "id": account_id, "covered_by": holders,
                      "severity": "high" if len(threads) <= 1 else "medium", "threads": len(threads),
                      "detail": f"{len(threads)} strong relationship{'s' * (len(threads) != 1)} into the account "
                                f"(fewer than {min_threads})"})
    held: dict[str, float] = defaultdict(float)
    for c, cov in coverage.items():
        if power.get(c, {}).get("decision_maker"):
            for x in cov["covered_by"]:
                held[x["member"]] += x["strength"]
    total = sum(held.values())
    for member, amount in held.items():
        share = amount / total if total else 0
        if share > key_person_share:
            risks.append({"kind": "key_person_dependency", "id": member, "covered_by": [member], "share": round(share, 4),
                          "severity": "high" if share > 0.75 else "medium",
                          "detail": f"{graph.nodes[member].get('name') or member} holds {share:.0%} of our relationship "
                                    "strength to the decision-makers"})
    return _sorted(risks, power)

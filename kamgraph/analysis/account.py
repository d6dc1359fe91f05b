"""The whole analysis of one account, and what-if: the same analysis with people gone.

:func:`analyze_account` returns the JSON contract of ``kamgraph analyze``;
every threshold is a keyword argument with the default documented in the
module that uses it.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from kamgraph.analysis.coverage import (
    COVERED_MIN,
    STRONG,
    account_coverage,
    contact_coverage,
)
from kamgraph.analysis.findings import (
    IMPORTANT,
    INFLUENTIAL,
    KEY_PERSON_SHARE,
    MIN_THREADS,
    find_gaps,
    find_risks,
)
from kamgraph.analysis.health import account_health
from kamgraph.analysis.power import (
    DECISION_MAKER_THRESHOLD,
    decision_power,
    rank_decision_makers,
)
from kamgraph.analysis.seniority import TitleRules, people_levels, title_rules
from kamgraph.analysis.strength import (
    HALF_LIFE_DAYS,
    STALE_AFTER_DAYS,
    as_date,
    relationship_strengths,
)
from kamgraph.analysis.unknown import unknown_stakeholders
from kamgraph.bulk import no_cyclic_gc


def analyze_account(
    graph: nx.MultiDiGraph,
    *,
    as_of: dt.date | str | None = None,
    half_life: float = HALF_LIFE_DAYS,
    stale_after: int = STALE_AFTER_DAYS,
    covered_min: float = COVERED_MIN,
    strong: float = STRONG,
    important: float = IMPORTANT,
    decision_maker_threshold: float = DECISION_MAKER_THRESHOLD,
    min_threads: int = MIN_THREADS,
    key_person_share: float = KEY_PERSON_SHARE,
    influential: float = INFLUENTIAL,
    rules: TitleRules | None = None,
    strengths: dict | None = None,
) -> dict:
    """Decision-makers, coverage, gaps, risks and health of a one-account snapshot, with their reasons.

    ``rules`` is the title vocabulary (default :func:`kamgraph.analysis.seniority.title_rules`:
    the built-in table, after a user's own file when ``KAMGRAPH_TITLES`` names one). ``strengths`` is
    :func:`~kamgraph.analysis.strength.relationship_strengths` of this graph with the same ``as_of``,
    ``half_life`` and ``stale_after``, when the caller has it already (a map or review draws them too).

    Returns
    -------
    dict
        ``account``, ``as_of``, ``decision_makers`` (best first), ``coverage``, ``contacts``
        (per contact: power, level with its ``level_source`` — declared, title or unknown — likely roles,
        decision-maker ``basis``, who covers them), ``team``, ``gaps``, ``risks``, ``health``,
        ``unknown_stakeholders`` (:func:`kamgraph.analysis.unknown.unknown_stakeholders`) and ``settings``.

    Examples
    --------
    >>> g = nx.MultiDiGraph(account={"id": "A", "name": "Acme"})
    >>> g.add_node("ceo", side="customer", name="Ceo", level="executive", roles=[])
    >>> g.add_node("rep", side="customer", name="Rep", level="staff", roles=[])
    >>> _ = g.add_edge("rep", "ceo", key="REPORTS_TO")
    >>> [d["id"] for d in analyze_account(g, as_of="2026-01-01")["decision_makers"]]
    ['ceo']
    """
    settings = {"half_life": half_life, "stale_after": stale_after, "covered_min": covered_min, "strong": strong,
                "important": important, "decision_maker_threshold": decision_maker_threshold,
                "min_threads": min_threads, "key_person_share": key_person_share, "influential": influential}
    with no_cyclic_gc():  # many small dicts, no cycles: see kamgraph.bulk
        return _report(graph, _parts(graph, as_date(as_of), settings, rules or title_rules(), strengths=strengths))


def _parts(graph: nx.MultiDiGraph, day: dt.date, settings: dict, rules: TitleRules, *,
           strengths: dict | None = None, levels: dict | None = None, power: dict | None = None) -> dict:
    """Everything an analysis computes before it is assembled into a report; given parts are used as they are."""
    s = settings
    if strengths is None:
        strengths = relationship_strengths(graph, as_of=day, half_life=s["half_life"], stale_after=s["stale_after"])
    if levels is None:
        levels = people_levels(graph, rules)
    if power is None:
        power = decision_power(graph, threshold=s["decision_maker_threshold"], rules=rules, levels=levels)
    coverage = contact_coverage(graph, strengths, covered_min=s["covered_min"], strong=s["strong"])
    account = account_coverage(graph, coverage, power, levels)
    gaps = find_gaps(graph, coverage, power, account, important=s["important"])
    risks = find_risks(graph, coverage, power, min_threads=s["min_threads"],
                       key_person_share=s["key_person_share"], influential=s["influential"])
    return {"day": day, "settings": settings, "strengths": strengths, "levels": levels, "power": power,
            "coverage": coverage, "account": account, "gaps": gaps, "risks": risks,
            "health": account_health(coverage, power, account, gaps + risks, min_threads=s["min_threads"])}


def _report(graph: nx.MultiDiGraph, parts: dict) -> dict:
    """The JSON contract of ``kamgraph analyze`` from an analysis' parts."""
    levels, power, coverage = parts["levels"], parts["power"], parts["coverage"]
    info = graph.graph.get("account", {})
    contacts = sorted(coverage, key=lambda c: (-power.get(c, {}).get("score", 0), c))
    return {
        "account": {"id": info.get("id"), "name": info.get("name")},
        "as_of": parts["day"].isoformat(),
        "decision_makers": rank_decision_makers(graph, power),
        "coverage": parts["account"],
        "contacts": [{"id": c, "name": graph.nodes[c].get("name"), "title": graph.nodes[c].get("title"),
                      "department": graph.nodes[c].get("department"), "attitude": graph.nodes[c].get("attitude"),
                      **_level_fields(levels[c]),
                      "roles": power.get(c, {}).get("components", {}).get("roles", []),
                      "likely_roles": power.get(c, {}).get("components", {}).get("likely_roles", []),
                      "power": power.get(c, {}).get("score", 0.0),
                      "decision_maker": power.get(c, {}).get("decision_maker", False),
                      "basis": power.get(c, {}).get("basis", []), **coverage[c]}
                     for c in contacts],
        "team": [{"id": m, "name": graph.nodes[m].get("name"), "title": graph.nodes[m].get("title"),
                  **_level_fields(levels[m]),
                  "role": graph.nodes[m].get("teams", {}).get(info.get("id")),
                  "active": graph.nodes[m].get("active", True) is not False}
                 for m in sorted(n for n, d in graph.nodes(data=True) if d.get("side") == "supplier")],
        "gaps": parts["gaps"],
        "risks": parts["risks"],
        "health": parts["health"],
        "unknown_stakeholders": unknown_stakeholders(graph),
        "settings": dict(parts["settings"]),
    }


def _defaults() -> dict:
    """analyze_account's thresholds and their defaults, by name."""
    import inspect

    return {name: p.default for name, p in inspect.signature(analyze_account).parameters.items()
            if p.kind is p.KEYWORD_ONLY and name not in ("as_of", "rules", "strengths")}


def _level_fields(level) -> dict:
    return {"level": level.level, "level_source": level.source, "level_rule": level.rule,
            "level_written": level.written}


def without_people(graph: nx.MultiDiGraph, people: list[str]) -> nx.MultiDiGraph:
    """A copy of the snapshot in which these people are gone.

    One of ours who goes is marked as having left (their relationships stay on
    record but no longer cover anyone); a customer person who goes leaves the graph.
    """
    changed = graph.copy()
    for pid in people:
        if pid not in changed:
            raise KeyError(pid)
        if changed.nodes[pid].get("side") == "supplier":
            changed.nodes[pid]["active"] = False
        else:
            changed.remove_node(pid)
    return changed


def what_if(graph: nx.MultiDiGraph, without: list[str], **settings) -> dict:
    """The analysis with ``without`` gone, plus what changed against the analysis as it is.

    Returns
    -------
    dict
        The :func:`analyze_account` keys for the changed graph, plus ``removed``
        (``[{"id", "name", "side"}]``), ``newly_uncovered`` (contacts covered before and
        not after), ``lost_threads`` and ``health_delta``.

    Examples
    --------
    >>> g = nx.MultiDiGraph(account={"id": "A", "name": "Acme"})
    >>> g.add_node("s", side="supplier"); g.add_node("c", side="customer", level="executive", roles=[])
    >>> _ = g.add_edge("s", "c", key="KNOWS", level="trusted_advisor")
    >>> what_if(g, ["s"], as_of="2026-01-01")["newly_uncovered"]
    ['c']
    """
    as_of = settings.pop("as_of", None)
    rules = settings.pop("rules", None) or title_rules()
    analysis_settings = {**_defaults(), **settings}
    unknown = set(analysis_settings) - set(_defaults())
    if unknown:
        raise TypeError(f"what_if() got unexpected settings: {', '.join(sorted(unknown))}")
    changed = without_people(graph, without)
    with no_cyclic_gc():
        before = _parts(graph, as_date(as_of), analysis_settings, rules)
        # What does not change when people go is reused: the title levels, every relationship that
        # remains (one of ours who leaves only makes theirs inactive), and power when only ours leave.
        ours = {p for p in without if graph.nodes[p].get("side") == "supplier"}
        theirs = set(without) - ours
        strengths = dict(before["strengths"])  # keys (member, contact), in the order a fresh computation has them
        if theirs:
            strengths = {key: rel for key, rel in strengths.items() if key[1] not in theirs}
        for key in [key for key in strengths if key[0] in ours]:
            strengths[key] = strengths[key]._replace(active=False)
        after_parts = _parts(changed, before["day"], analysis_settings, rules, strengths=strengths,
                             levels=before["levels"], power=None if theirs else before["power"])
        after = _report(changed, after_parts)
    before = {"contacts": [{"id": c, "covered": v["covered"]} for c, v in before["coverage"].items()],
              "coverage": before["account"], "health": before["health"]}
    covered_before = {c["id"] for c in before["contacts"] if c["covered"]}
    covered_after = {c["id"] for c in after["contacts"] if c["covered"]}
    still_there = {c["id"] for c in after["contacts"]}
    return {
        **after,
        "removed": [{"id": p, "name": graph.nodes[p].get("name"), "side": graph.nodes[p].get("side")} for p in without],
        "newly_uncovered": sorted((covered_before - covered_after) & still_there),
        "lost_threads": before["coverage"]["threads"] - after["coverage"]["threads"],
        "health_before": before["health"]["score"],
        "health_delta": round(after["health"]["score"] - before["health"]["score"], 1),
    }

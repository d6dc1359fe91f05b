"""A 0–100 relationship health score for an account, built in the open from its components.

| component | weight | value in [0, 1] |
|---|---|---|
| ``decision_maker_coverage`` | 30 | decision-makers covered, weighted by their power |
| ``decision_maker_strength`` | 15 | mean strongest relationship to each decision-maker |
| ``threads`` | 15 | threads ÷ max(``min_threads``, decision-makers), capped at 1 |
| ``breadth`` | 15 | share of departments with someone covered |
| ``freshness`` | 10 | share of our active relationships that are not stale |
| ``independence`` | 15 | 1 until one person holds half the strength to the decision-makers, 0 when they hold all |
| ``findings`` | −30 | a penalty: 3 points a high-severity gap or risk, 1 a medium one, at most 30 |

The score is the sum of the components' points, never below 0.
"""

from __future__ import annotations

from collections import defaultdict

WEIGHTS = {
    "decision_maker_coverage": 30,
    "decision_maker_strength": 15,
    "threads": 15,
    "breadth": 15,
    "freshness": 10,
    "independence": 15,
}


PENALTY = {"high": 3, "medium": 1}
MAX_PENALTY = 30


def account_health(coverage: dict[str, dict], power: dict[str, dict], account: dict,
                   findings: list[dict] | None = None, *, min_threads: int = 3,
                   weights: dict[str, float] | None = None) -> dict:
    """The health score and its components: ``{"score", "components": {name: {"value", "weight", "points"}}}``.

    Examples
    --------
    >>> account_health({}, {}, {"threads": 0, "departments": {}})["score"]
    0.0
    """
    w = {**WEIGHTS, **(weights or {})}
    dms = [c for c in coverage if power.get(c, {}).get("decision_maker")]
    dm_power = sum(power[c]["score"] for c in dms)
    relationships = [x for cov in coverage.values() for x in cov["covered_by"]]
    held: dict[str, float] = defaultdict(float)
    for c in dms:
        for x in coverage[c]["covered_by"]:
            held[x["member"]] += x["strength"]
    top_share = max(held.values()) / sum(held.values()) if held and sum(held.values()) else 0.0
    departments = account.get("departments", {})
    values = {
        "decision_maker_coverage": sum(power[c]["score"] for c in dms if coverage[c]["covered"]) / dm_power if dm_power else 0.0,
        "decision_maker_strength": sum(coverage[c]["best"] for c in dms) / len(dms) if dms else 0.0,
        "threads": min(account.get("threads", 0) / max(min_threads, len(dms)), 1.0) if coverage else 0.0,
        "breadth": sum(1 for d in departments.values() if d["covered"]) / len(departments) if departments else 0.0,
        "freshness": sum(1 for x in relationships if not x["stale"]) / len(relationships) if relationships else 0.0,
        "independence": (1.0 if top_share <= 0.5 else (1 - top_share) / 0.5) if held else 0.0,
    }
    total = sum(w.values())
    scale = 100 / total if total else 0.0
    components = {name: {"value": round(values[name], 4), "weight": w[name],
                         "points": round(values[name] * w[name] * scale, 2)} for name in w}
    counts = {sev: sum(1 for f in findings or [] if f["severity"] == sev) for sev in PENALTY}
    penalty = min(MAX_PENALTY, sum(PENALTY[sev] * n for sev, n in counts.items()))
    components["findings"] = {"value": round(penalty / MAX_PENALTY, 4), "weight": -MAX_PENALTY, "points": -penalty,
                              **counts}
    score = max(0.0, sum(values[name] * w[name] for name in w) * scale - penalty)
    return {"score": round(score, 1), "components": components}

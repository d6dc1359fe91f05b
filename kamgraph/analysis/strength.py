"""How strong each relationship between one of ours and a customer person is, and why.

A relationship's strength in [0, 1] combines two pieces of evidence:

- **activity**: the interactions the pair shared up to ``as_of``, each weighted
  by its kind (a meeting counts more than an email) and by its age (it halves
  every ``half_life`` days); the sum saturates towards 1 as
  ``1 - exp(-activity / saturation)``;
- **declaration**: a ``KNOWS`` level, if one was declared.

They combine as independent evidence, ``1 - (1 - activity) × (1 - declared)``,
so more evidence of either kind never lowers a strength. A pair whose last
interaction is older than ``stale_after`` days is *stale*.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import networkx as nx

KIND_WEIGHTS = {"meeting": 1.0, "call": 0.6, "email": 0.25, "task": 0.15}
LEVEL_STRENGTH = {"vendor": 0.2, "credible_source": 0.4, "problem_solver": 0.6, "trusted_advisor": 0.8}
HALF_LIFE_DAYS = 90.0
SATURATION = 2.0
STALE_AFTER_DAYS = 90


@dataclass(frozen=True)
class Relationship:
    """One of ours (``member``) and a customer person (``contact``), with the evidence behind the strength."""

    member: str
    contact: str
    strength: float
    activity: float  # the interaction part, in [0, 1]
    declared: float  # the KNOWS part, in [0, 1]
    level: str | None
    interactions: int
    last: str | None
    days_since: int | None
    stale: bool
    active: bool  # False when the member (or the contact) has left

    def as_dict(self) -> dict:
        return {
            "member": self.member, "contact": self.contact, "strength": round(self.strength, 4),
            "components": {"activity": round(self.activity, 4), "declared": round(self.declared, 4), "level": self.level,
                           "interactions": self.interactions, "last": self.last, "days_since": self.days_since},
            "stale": self.stale, "active": self.active,
        }


def as_date(value: dt.date | str | None) -> dt.date:
    """``as_of`` as a date: a date, an ISO string, or None for today."""
    if value is None:
        return dt.date.today()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def relationship_strengths(
    graph: nx.MultiDiGraph,
    *,
    as_of: dt.date | str | None = None,
    half_life: float = HALF_LIFE_DAYS,
    stale_after: int = STALE_AFTER_DAYS,
    saturation: float = SATURATION,
    kind_weights: dict[str, float] | None = None,
    level_strength: dict[str, float] | None = None,
) -> dict[tuple[str, str], Relationship]:
    """Every supplier→customer relationship in the snapshot, keyed ``(member, contact)``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A snapshot (see :mod:`kamgraph.snapshot`).
    as_of : date or ISO string, optional
        Recency is measured from this day (default today); later interactions are ignored.
    half_life : float
        Days after which an interaction counts half (default 90).
    stale_after : int
        Days without an interaction after which a relationship is stale (default 90).
    saturation : float
        Weighted activity at which the activity part reaches 1 - 1/e (default 2: two recent meetings).
    kind_weights, level_strength : dict, optional
        Override :data:`KIND_WEIGHTS` and :data:`LEVEL_STRENGTH`.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("s", side="supplier"); g.add_node("c", side="customer")
    >>> _ = g.add_edge("s", "c", key="INTERACTED", interactions=[{"date": "2026-01-01", "kind": "meeting"}])
    >>> r = relationship_strengths(g, as_of="2026-01-01")[("s", "c")]
    >>> round(r.strength, 3), r.stale
    (0.393, False)
    """
    today = as_date(as_of)
    kinds = {**KIND_WEIGHTS, **(kind_weights or {})}
    levels = {**LEVEL_STRENGTH, **(level_strength or {})}
    pairs: dict[tuple[str, str], dict] = {}
    decay: dict[str, float | None] = {}  # by date: there are far fewer dates than interactions

    def weight_of(date: str) -> float | None:
        if date not in decay:
            age = (today - dt.date.fromisoformat(date)).days
            decay[date] = None if age < 0 else 0.5 ** (age / half_life)
        return decay[date]

    for u, v, key, data in graph.edges(keys=True, data=True):
        if key not in ("INTERACTED", "KNOWS"):
            continue
        if graph.nodes[u].get("side") != "supplier" or graph.nodes[v].get("side") != "customer":
            continue
        entry = pairs.setdefault((u, v), {"activity": 0.0, "count": 0, "last": None, "level": None})
        if key == "KNOWS":
            entry["level"] = data.get("level")
            continue
        activity, count, last = entry["activity"], entry["count"], entry["last"]
        for interaction in data.get("interactions", ()):
            date = interaction.get("date")
            recency = weight_of(date) if date else None
            if recency is None:  # undated, or after as_of
                continue
            activity += kinds.get(interaction.get("kind"), 0.1) * recency
            count += 1
            if last is None or date > last:
                last = date
        entry["activity"], entry["count"], entry["last"] = activity, count, last
    out = {}
    for (u, v), e in pairs.items():
        if e["count"] == 0 and not e["level"]:
            continue  # only interactions after as_of: no relationship yet on that day
        activity = 1 - math.exp(-e["activity"] / saturation)
        declared = levels.get(e["level"], 0.0) if e["level"] else 0.0
        days = (today - dt.date.fromisoformat(e["last"])).days if e["last"] else None
        out[(u, v)] = Relationship(
            member=u, contact=v, strength=1 - (1 - activity) * (1 - declared), activity=activity, declared=declared,
            level=e["level"], interactions=e["count"], last=e["last"], days_since=days,
            stale=days is not None and days > stale_after,
            active=graph.nodes[u].get("active", True) is not False and graph.nodes[v].get("active", True) is not False,
        )
    return out

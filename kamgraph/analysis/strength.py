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
from functools import partial
from itertools import repeat
from typing import NamedTuple

import networkx as nx
import numpy as np

from kamgraph.activity import UNDATED, InteractionLog, interaction_log

KIND_WEIGHTS = {"meeting": 1.0, "call": 0.6, "email": 0.25, "task": 0.15}
OTHER_KIND_WEIGHT = 0.1
LEVEL_STRENGTH = {"vendor": 0.2, "credible_source": 0.4, "problem_solver": 0.6, "trusted_advisor": 0.8}
HALF_LIFE_DAYS = 90.0
SATURATION = 2.0
STALE_AFTER_DAYS = 90


class Relationship(NamedTuple):
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
        A snapshot (see :mod:`kamgraph.snapshot`): its interaction log and ``KNOWS`` edges.
    as_of : date or ISO string, optional
        Recency is measured from this day (default today); later interactions are ignored.
    half_life : float
        Days after which an interaction counts half (default 90).
    stale_after : int
        Days without an interaction after which a relationship is stale (default 90).
    saturation : float
        Weighted activity at which the activity part reaches 1 - 1/e (default 2: two recent meetings).
    kind_weights, level_strength : dict, optional
        Override :data:`KIND_WEIGHTS` and :data:`LEVEL_STRENGTH`; a kind not listed weighs 0.1.

    Examples
    --------
    >>> g = nx.MultiDiGraph(interactions=[{"id": "i1", "date": "2026-01-01", "kind": "meeting", "participants": ["s", "c"]}])
    >>> g.add_node("s", side="supplier"); g.add_node("c", side="customer")
    >>> r = relationship_strengths(g, as_of="2026-01-01")[("s", "c")]
    >>> round(r.strength, 3), r.stale
    (0.393, False)
    """
    today = as_date(as_of)
    levels = {**LEVEL_STRENGTH, **(level_strength or {})}
    out = _from_interactions(graph, today, half_life, stale_after, saturation,
                             {**KIND_WEIGHTS, **(kind_weights or {})})
    for u, v, key, data in graph.edges(keys=True, data=True):
        if key != "KNOWS" or graph.nodes[u].get("side") != "supplier" or graph.nodes[v].get("side") != "customer":
            continue
        level = data.get("level")
        declared = levels.get(level, 0.0) if level else 0.0
        rel = out.get((u, v))
        if rel is not None:
            out[u, v] = rel._replace(strength=1 - (1 - rel.activity) * (1 - declared), declared=declared, level=level)
        elif level:
            active = graph.nodes[u].get("active", True) is not False and graph.nodes[v].get("active", True) is not False
            out[u, v] = Relationship(u, v, declared, 0.0, declared, level, 0, None, None, False, active)
    return out


def _from_interactions(graph: nx.MultiDiGraph, today: dt.date, half_life: float, stale_after: int,
                       saturation: float, kinds: dict[str, float]) -> dict[tuple[str, str], Relationship]:
    """The relationships that shared interactions up to ``today`` make, before any declared level,
    computed over the whole interaction log at once."""
    log = interaction_log(graph)
    if not len(log):
        return {}
    side, left = _people(graph, log)
    day = log.day_numbers()
    counted = (day != UNDATED) & (day <= today.toordinal())
    age = np.maximum(today.toordinal() - day, 0)  # later interactions are not counted (and must not overflow)
    distinct, kind = log.kind_codes()
    weight = np.asarray([kinds.get(k, OTHER_KIND_WEIGHT) for k in distinct])[kind] * 0.5 ** (age / half_life)
    member, contact, shared = _meetings(log, side, counted)
    if not len(member):
        return {}
    n = len(log.people)
    key, pair = np.unique(member * n + contact, return_inverse=True)
    member, contact = key // n, key % n
    activity = 1 - np.exp(-np.bincount(pair, weights=weight[shared], minlength=len(key)) / saturation)
    last = np.full(len(key), UNDATED, dtype=np.int64)
    np.maximum.at(last, pair, day[shared])
    days = today.toordinal() - last
    iso = {d: dt.date.fromordinal(d).isoformat() for d in np.unique(last).tolist()}
    members = list(map(log.people.__getitem__, member.tolist()))
    contacts = list(map(log.people.__getitem__, contact.tolist()))
    activities = activity.tolist()
    fields = zip(members, contacts, activities, activities, repeat(0.0), repeat(None),
                 np.bincount(pair, minlength=len(key)).tolist(), map(iso.__getitem__, last.tolist()), days.tolist(),
                 (days > stale_after).tolist(), (~(left[member] | left[contact])).tolist(), strict=False)
    # tuple.__new__ straight from the fields: a hundred thousand relationships are made here
    return dict(zip(zip(members, contacts, strict=True), map(partial(tuple.__new__, Relationship), fields), strict=True))


def interaction_pairs(graph: nx.MultiDiGraph) -> set[tuple[str, str]]:
    """Every (one of ours, customer person) who took part in an interaction together, at any date.

    Examples
    --------
    >>> g = nx.MultiDiGraph(interactions=[{"id": "i1", "date": None, "kind": "call", "participants": ["s", "c"]}])
    >>> g.add_node("s", side="supplier"); g.add_node("c", side="customer")
    >>> interaction_pairs(g)
    {('s', 'c')}
    """
    log = interaction_log(graph)
    member, contact, _ = _meetings(log, _people(graph, log)[0], np.ones(len(log), dtype=bool))
    people = log.people
    return {(people[m], people[c]) for m, c in set(zip(member.tolist(), contact.tolist(), strict=True))}


def _people(graph: nx.MultiDiGraph, log: InteractionLog) -> tuple[np.ndarray, np.ndarray]:
    """For each person in the log: their side (1 ours, 2 customer, 0 not in the graph) and whether they left."""
    sides = {"supplier": 1, "customer": 2}
    nodes = graph.nodes
    side = np.asarray([sides.get(nodes[p].get("side"), 0) if p in nodes else 0 for p in log.people], dtype=np.int8)
    left = np.asarray([p in nodes and nodes[p].get("active", True) is False for p in log.people], dtype=bool)
    return side, left


def _meetings(log: InteractionLog, side: np.ndarray, counted: np.ndarray) -> tuple[np.ndarray, ...]:
    """``(member, contact, interaction)``: one row for each of ours and each customer person who took part
    in the same counted interaction (people as codes into ``log.people``)."""
    interaction, person = log.participations()
    taken = counted[interaction]
    ours = taken & (side[person] == 1)
    theirs = taken & (side[person] == 2)
    m_interaction, m_person = interaction[ours], person[ours]
    c_interaction, c_person = interaction[theirs], person[theirs]
    # The contacts of one interaction are one run of c_* (participations are grouped by interaction).
    first = np.searchsorted(c_interaction, m_interaction, side="left")
    runs = np.searchsorted(c_interaction, m_interaction, side="right") - first
    within = np.arange(int(runs.sum())) - np.repeat(np.cumsum(runs) - runs, runs)
    return np.repeat(m_person, runs), c_person[np.repeat(first, runs) + within], np.repeat(m_interaction, runs)

"""Warm introduction paths: from someone on our team, through the customer's own relationships, to a target.

A path starts at an active member of our team, takes one of their
relationships into the customer (its strength from
:func:`~kamgraph.analysis.strength.relationship_strengths`), then walks the
customer's own ties to the target. Each customer tie has a strength:

- a reporting line, either way: ``reports_to`` (default 0.7);
- influence, either way: the declared weight, at least ``influence_floor`` (0.3);
- colleagues who met in a small interaction (``colleague_max_size`` people or
  fewer, up to ``as_of``): ``colleague`` (0.4).

A path's strength is the product of its steps; paths never pass through anyone
who has left, nor along a conflict.

Many targets, one pass: :class:`IntroductionPaths` builds the ties once for a
command; :meth:`~IntroductionPaths.best` answers every target from one search
out of the whole team (a search per set of team members left out, cached), and
:meth:`~IntroductionPaths.paths` finds the ``k`` strongest paths to one target
(Yen's algorithm, each search run backwards from the target, so it stops as
soon as it reaches the team instead of spreading through the whole account).

Dense accounts: colleague ties grow with the square of an interaction's size
and with the log; each person keeps at most ``colleague_max_ties`` (200) colleague
ties, those they met most often (then by id). What was left out is counted in
the result's ``cut`` and printed by ``kamgraph paths`` when it is not zero.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
import math

import networkx as nx
import numpy as np

from kamgraph.activity import UNDATED, interaction_log
from kamgraph.analysis.strength import as_date, relationship_strengths
from kamgraph.errors import KamgraphError

REPORTS_TO = 0.7
INFLUENCE_FLOOR = 0.3
COLLEAGUE = 0.4
COLLEAGUE_MAX_SIZE = 8
COLLEAGUE_MAX_TIES = 200
VIA = ("relationship", "reports to", "manages", "influences", "is influenced by", "met with")
_STEP = 1e-9  # added to every step's cost, so that of two equally strong paths the shorter wins


def _present(graph: nx.MultiDiGraph, pid: str) -> bool:
    return graph.nodes[pid].get("active", True) is not False


def _costs(strength: np.ndarray) -> np.ndarray:
    """Each step's cost, -log(strength) (never below zero), plus :data:`_STEP`."""
    return np.maximum(0.0, -np.log(np.minimum(strength, 1.0))) + _STEP


class _Ties:
    """The ties a warm introduction can travel, as arrays: people as codes, the strongest tie from u to v.

    Edges are sorted by (u, v), so row u of the compressed matrix is ``u_start[u]:u_start[u + 1]``; the code
    ``source`` (after every person) stands for the whole team, joined to each active member at cost :data:`_STEP`.
    """

    def __init__(self, graph: nx.MultiDiGraph, *, as_of=None, reports_to: float = REPORTS_TO,
                 influence_floor: float = INFLUENCE_FLOOR, colleague: float = COLLEAGUE,
                 colleague_max_size: int = COLLEAGUE_MAX_SIZE, colleague_max_ties: int = COLLEAGUE_MAX_TIES,
                 strengths: dict | None = None, **strength_settings):
        self.people = list(graph)
        code = {p: i for i, p in enumerate(self.people)}
        customers = {n for n, d in graph.nodes(data=True)
                     if d.get("side") == "customer" and d.get("active", True) is not False}
        if strengths is None:
            strengths = relationship_strengths(graph, as_of=as_of, **strength_settings)
        held = [(code[r.member], code[r.contact], r.strength) for r in strengths.values() if r.active and r.strength > 0]
        us, vs, weights = (list(x) for x in zip(*held, strict=True)) if held else ([], [], [])
        vias = [0] * len(us)
        # The customer's own lines, both ways, between people present and not in conflict.
        lines, conflicts = [], set()
        succ = graph.succ
        for u in self.people:  # in the graph's order, as graph.edges() gives them
            if u not in customers:
                continue
            for v, links in succ[u].items():
                if v in customers:
                    for k, d in links.items():
                        if k == "IN_CONFLICT_WITH":
                            conflicts.add(frozenset((u, v)))
                        elif k in ("REPORTS_TO", "INFLUENCES"):
                            lines.append((u, v, k, d))
        for u, v, k, d in lines:
            if frozenset((u, v)) in conflicts:
                continue
            strength, forward = ((reports_to, 1) if k == "REPORTS_TO"
                                 else (max(float(d.get("weight") or 0), influence_floor), 3))
            us += (code[u], code[v])
            vs += (code[v], code[u])
            weights += (strength, strength)
            vias += (forward, forward + 1)
        n = len(self.people) + 1
        cu, cv, left_out = _colleagues(graph, customers, code, as_of, colleague_max_size, colleague_max_ties)
        if conflicts and len(cu):
            pairs = [(code[a], code[b]) for a, b in map(tuple, conflicts) if a in code and b in code]
            barred = np.asarray([a * n + b for a, b in pairs] + [b * n + a for a, b in pairs], dtype=np.int64)
            keep = ~np.isin(cu * n + cv, barred)
            cu, cv = cu[keep], cv[keep]
        self.members = sorted({u for u, _, _ in held})
        self.source = n - 1
        u = np.concatenate([np.asarray(us, dtype=np.int64), cu, np.full(len(self.members), self.source, dtype=np.int64)])
        v = np.concatenate([np.asarray(vs, dtype=np.int64), cv, np.asarray(self.members, dtype=np.int64)])
        strength = np.concatenate([np.asarray(weights, dtype=float), np.full(len(cu), colleague), np.ones(len(self.members))])
        via = np.concatenate([np.asarray(vias, dtype=np.int64), np.full(len(cu), 5, dtype=np.int64),
                              np.full(len(self.members), -1, dtype=np.int64)])
        # The strongest tie from u to v; of equally strong ones, the first (relationships, then lines, then colleagues).
        # (lexsort is stable: ties keep their order; u * n + v orders as (u, v) does.)
        key = u * n + v
        order = np.lexsort((-strength, key))
        key = key[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = key[1:] != key[:-1]
        order = order[first]
        self.u, self.v, self.strength, self.via = u[order], v[order], strength[order], via[order]
        self.cost = _costs(self.strength)
        self.u_start = np.searchsorted(self.u, np.arange(n + 1))
        self.cut = {"colleague_ties_left_out": left_out, "colleague_max_ties": colleague_max_ties}

    @functools.cached_property
    def matrix(self):
        """The ties as a compressed sparse matrix of costs, for one search from many sources (scipy loads here:
        the k paths to one target do without it)."""
        from scipy.sparse import csr_matrix

        n = self.source + 1
        return csr_matrix((self.cost, self.v, self.u_start), shape=(n, n))

    @functools.cached_property
    def into(self) -> tuple[list[int], list[float], list[int]]:
        """Who reaches each v, for searching backwards: ``(from, cost, start)``, v's ties at ``start[v]:start[v + 1]``."""
        backward = np.argsort(self.v * (self.source + 1) + self.u, kind="stable")
        return (self.u[backward].tolist(), self.cost[backward].tolist(),
                np.searchsorted(self.v[backward], np.arange(self.source + 2)).tolist())

    def index(self, u: int, v: int) -> int | None:
        """Where the tie from u to v (both codes) is in the arrays; None if there is none."""
        start, stop = self.u_start[u], self.u_start[u + 1]
        i = start + int(np.searchsorted(self.v[start:stop], v))
        return i if i < stop and self.v[i] == v else None

    def step(self, u: int, v: int) -> tuple[float, str]:
        """The strength and kind of the tie from u to v (both codes)."""
        i = self.index(u, v)
        return float(self.strength[i]), VIA[self.via[i]]

    def edges(self):
        """(u id, v id, strength, via) of every tie between people."""
        for u, v, s, via in zip(self.u.tolist(), self.v.tolist(), self.strength.tolist(), self.via.tolist(), strict=True):
            if u != self.source:
                yield self.people[u], self.people[v], s, VIA[via]


def _colleagues(graph, customers: set[str], code: dict[str, int], as_of, max_size: int,
                max_ties: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Every (u, v) of customer people present who took part in one small interaction up to ``as_of``, over the
    whole log at once; each u keeps the ``max_ties`` colleagues met most often. Returns u and v (as ``code``
    gives them) and how many pairs were left out."""
    log = interaction_log(graph)
    none = np.zeros(0, dtype=np.int64)
    if not len(log):
        return none, none, 0
    interaction, person = log.participations()
    people = log.people
    size = np.bincount(interaction, minlength=len(log))
    day = log.day_numbers()
    # An undated interaction counts, as a date after as_of does not.
    kept = (size <= max_size) & ((day == UNDATED) | (day <= as_date(as_of).toordinal()))
    theirs = np.fromiter((p in customers for p in people), dtype=bool, count=len(people))
    rows = kept[interaction] & theirs[person]
    r_interaction, r_person = interaction[rows], person[rows]
    # The rows of one interaction are one run (participations are grouped by interaction): pair each with its run.
    first = np.searchsorted(r_interaction, r_interaction, side="left")
    runs = np.searchsorted(r_interaction, r_interaction, side="right") - first
    within = np.arange(int(runs.sum())) - np.repeat(np.cumsum(runs) - runs, runs)
    u = np.repeat(r_person, runs)
    v = r_person[np.repeat(first, runs) + within]
    n = len(people)
    key, meetings = np.unique((u * n + v)[u != v], return_counts=True)
    u, v = key // n, key % n
    # Per u: most meetings first, then v's id (codes follow the sorted ids); keep the first max_ties.
    order = np.lexsort((v, -meetings, u))
    u, v = u[order], v[order]
    rank = np.arange(len(u)) - np.searchsorted(u, u, side="left")
    keep = rank < max_ties
    ours = np.asarray([code.get(p, -1) for p in people], dtype=np.int64)  # customers present are all in ``code``
    return ours[u[keep]], ours[v[keep]], int((~keep).sum())


def introduction_graph(graph: nx.MultiDiGraph, *, as_of: dt.date | str | None = None, **settings) -> nx.DiGraph:
    """The ties a warm introduction can travel, as a DiGraph with ``strength`` and ``via`` on each edge.

    ``settings``: ``reports_to``, ``influence_floor``, ``colleague``, ``colleague_max_size``,
    ``colleague_max_ties`` (see the module docstring) and those of
    :func:`~kamgraph.analysis.strength.relationship_strengths`, or ``strengths``: that function's result as of
    the same day, when the caller has it already (then its settings are not used).
    """
    out = nx.DiGraph()
    out.add_edges_from((u, v, {"strength": s, "via": via}) for u, v, s, via in _Ties(graph, as_of=as_of, **settings).edges())
    return out


class IntroductionPaths:
    """Warm introduction paths in one account, for as many targets as a command asks about.

    The ties are built once; :meth:`best` shares one search among all targets, :meth:`paths`
    searches backwards from its target. ``settings`` are those of :func:`introduction_graph`
    (``strengths`` among them, so a command that has the relationships already passes them on).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("s", side="supplier"); g.add_node("a", side="customer"); g.add_node("t", side="customer")
    >>> _ = g.add_edge("s", "a", key="KNOWS", level="trusted_advisor"); _ = g.add_edge("a", "t", key="REPORTS_TO")
    >>> finder = IntroductionPaths(g)
    >>> finder.best("t")["people"], [p["people"] for p in finder.paths("t")["paths"]]
    (['s', 'a', 't'], [['s', 'a', 't']])
    """

    def __init__(self, graph: nx.MultiDiGraph, *, as_of: dt.date | str | None = None, **settings):
        self.graph = graph
        self._ties = _Ties(graph, as_of=as_of, **settings)
        self._code = {p: i for i, p in enumerate(self._ties.people)}
        self.cut = self._ties.cut
        self._searches: dict[frozenset, tuple[np.ndarray, np.ndarray]] = {}

    def tie(self, u: str, v: str) -> tuple[float, str] | None:
        """The tie an introduction can take from u to v: ``(strength, via)``, or None."""
        if self._ties.index(self._code[u], self._code[v]) is None:
            return None
        return self._ties.step(self._code[u], self._code[v])

    def _check(self, target: str) -> int:
        if target not in self.graph or self.graph.nodes[target].get("side") != "customer":
            raise KamgraphError(f"'{target}' is not a customer person of this account")
        if not _present(self.graph, target):
            raise KamgraphError(f"'{target}' has left; there is nobody to introduce")
        return self._code[target]

    def _path(self, codes: list[int]) -> dict:
        steps = []
        for u, v in itertools.pairwise(codes):
            strength, via = self._ties.step(u, v)
            steps.append({"from": self._ties.people[u], "to": self._ties.people[v], "via": via,
                          "strength": round(strength, 4)})
        return {"people": [self._ties.people[c] for c in codes],
                "strength": round(math.prod(s["strength"] for s in steps), 4), "steps": steps}

    # -- every target at once -------------------------------------------------------------------

    def best(self, target: str, avoid: frozenset | set = frozenset()) -> dict | None:
        """The strongest path to ``target`` from a member not in ``avoid`` (None if there is none).

        The first call for a set ``avoid`` searches out from all those members at once (one Dijkstra over
        the whole account); later calls, for any target, read that search.
        """
        t = self._check(target)
        avoid = frozenset(avoid)
        if avoid not in self._searches:
            sources = [m for m in self._ties.members if self._ties.people[m] not in avoid]
            if sources:
                from scipy.sparse.csgraph import dijkstra

                dist, pred, _ = dijkstra(self._ties.matrix, indices=sources, return_predecessors=True, min_only=True)
            else:
                dist, pred = np.full(self._ties.source + 1, np.inf), np.full(self._ties.source + 1, -9999)
            self._searches[avoid] = (dist, pred)
        dist, pred = self._searches[avoid]
        if not np.isfinite(dist[t]):
            return None
        codes = [t]
        while pred[codes[-1]] >= 0:
            codes.append(int(pred[codes[-1]]))
        return self._path(codes[::-1])

    # -- the k strongest paths to one target --------------------------------------------------------

    def _backward(self, target: int, to: int, blocked: set, removed: set) -> tuple[float, list] | None:
        """The cheapest path from ``to`` to ``target`` that avoids ``blocked`` people and ``removed`` steps,
        searched backwards from ``target``; stops when it reaches ``to``."""
        in_from, in_cost, in_start = self._ties.into
        done: set = set()
        nxt: dict = {}
        # The best (cost, next) pushed for each person: a push that is no better would never be popped first.
        best: dict = {target: (0.0, -1)}
        nowhere = (math.inf, math.inf)
        heap = [(0.0, target, -1)]
        while heap:
            d, v, after = heapq.heappop(heap)
            if v in done:
                continue
            done.add(v)
            nxt[v] = after
            if v == to:
                path = [v]
                while nxt[path[-1]] >= 0:
                    path.append(nxt[path[-1]])
                return d, path
            start, stop = in_start[v], in_start[v + 1]
            for u, cost in zip(in_from[start:stop], in_cost[start:stop], strict=True):
                if u in done or u in blocked or (removed and (u, v) in removed):
                    continue
                if (d + cost, v) < best.get(u, nowhere):
                    best[u] = (d + cost, v)
                    heapq.heappush(heap, (d + cost, u, v))
        return None

    def paths(self, target: str, k: int = 3) -> dict:
        """The ``k`` strongest introduction paths to ``target``, strongest first (see :func:`warm_paths`)."""
        t = self._check(target)
        ties = self._ties
        cost = lambda path: sum(float(ties.cost[ties.index(u, v)]) for u, v in itertools.pairwise(path))  # noqa: E731
        first = self._backward(t, ties.source, set(), set())
        found = [first[1]] if first else []
        candidates: list = []
        seen = {tuple(p) for p in found}
        while found and len(found) < k:
            last = found[-1]
            for i in range(len(last) - 1):  # Yen: leave the last path at each step in turn
                root = last[: i + 1]
                removed = {(p[i], p[i + 1]) for p in found if p[: i + 1] == root}
                spur = self._backward(t, last[i], set(root[:-1]), removed)
                if spur:
                    path = root[:-1] + spur[1]
                    if tuple(path) not in seen:
                        seen.add(tuple(path))
                        heapq.heappush(candidates, (cost(root) + spur[0], len(seen), path))
            if not candidates:
                break
            found.append(heapq.heappop(candidates)[2])
        return {"target": target, "paths": [self._path(p[1:]) for p in found], "cut": self.cut}


def warm_paths(graph: nx.MultiDiGraph, target: str, *, k: int = 3, as_of: dt.date | str | None = None,
               **settings) -> dict:
    """The ``k`` strongest introduction paths to ``target``, strongest first.

    Returns
    -------
    dict
        ``{"target": id, "paths": [{"people": [team member, …, target], "strength",
        "steps": [{"from", "to", "via", "strength"}]}], "cut": {"colleague_ties_left_out", "colleague_max_ties"}}``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("s", side="supplier"); g.add_node("a", side="customer"); g.add_node("t", side="customer")
    >>> _ = g.add_edge("s", "a", key="KNOWS", level="trusted_advisor"); _ = g.add_edge("a", "t", key="REPORTS_TO")
    >>> [p["people"] for p in warm_paths(g, "t")["paths"]]
    [['s', 'a', 't']]
    """
    return IntroductionPaths(graph, as_of=as_of, **settings).paths(target, k)

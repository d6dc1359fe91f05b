"""The interaction log of a snapshot: every meeting, call, email and task, and who took part.

An account can have hundreds of thousands of interactions, so the log keeps
them column by column (ids, dates, kinds, accounts, and the participants as one
flat run of ids) rather than as a dict each. Analyses read it whole, as numpy
arrays (:meth:`InteractionLog.participations`, :meth:`InteractionLog.day_numbers`);
a person reads it one interaction at a time by iterating over it.

A snapshot keeps its log in ``graph.graph["interactions"]``;
:func:`interaction_log` returns it, turning a plain list of dicts (a graph
built by hand) into a log first.

Examples
--------
>>> log = InteractionLog()
>>> log.add("i1", "2026-01-05", "meeting", ["s", "c"], account="A")
>>> len(log), next(iter(log))["participants"]
(1, ['c', 's'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import numpy as np

UNDATED = -1  # the day number of an interaction without a date


class InteractionLog:
    """Interactions in columns: ``ids``, ``dates``, ``kinds``, ``accounts``, and who took part in each."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.dates: list[str | None] = []
        self.kinds: list[str | None] = []
        self.accounts: list[str | None] = []
        self._sizes: list[int] = []  # how many took part in each interaction
        self._participants: list[str] = []  # their ids, one interaction after another
        self._arrays: dict[str, np.ndarray] = {}
        self._people: list[str] = []
        self._kinds: list[str | None] = []

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"<InteractionLog: {len(self)} interactions, {len(self._participants)} participations>"

    def __iter__(self) -> Iterator[dict]:
        """Each interaction as ``{"id", "date", "kind", "account", "participants"}``."""
        start = 0
        for k, size in enumerate(self._sizes):
            yield {"id": self.ids[k], "date": self.dates[k], "kind": self.kinds[k], "account": self.accounts[k],
                   "participants": self._participants[start : start + size]}
            start += size

    def add(self, id: str, date: str | None, kind: str | None, participants: Iterable[str],
            account: str | None = None) -> None:
        """Record one interaction (each participant counts once)."""
        people = sorted(set(participants))
        self.add_columns({"id": [id], "date": [date or None], "kind": [kind or None], "size": [len(people)],
                          "participants": people}, account)

    def add_columns(self, columns: dict[str, list], account: str | None = None) -> None:
        """Record interactions given as columns ``{"id", "date", "kind", "size", "participants"}``
        (as :meth:`kamgraph.store.GraphStore.account_records` reads them)."""
        self.ids += columns["id"]
        self.dates += columns["date"]
        self.kinds += columns["kind"]
        self.accounts += [account] * len(columns["id"])
        self._sizes += columns["size"]
        self._participants += columns["participants"]
        self._arrays.clear()

    # -- whole columns, for analyses -------------------------------------------------

    @property
    def people(self) -> list[str]:
        """Everyone who took part in something, each once, sorted; :meth:`participations` codes index it."""
        self.participations()
        return self._people

    def participations(self) -> tuple[np.ndarray, np.ndarray]:
        """``(interaction, person)``: for every participation, the interaction's index and the person's code.

        Both are grouped by interaction, in log order.
        """
        if "interaction" not in self._arrays:
            self._people = sorted(set(self._participants))
            code = dict(zip(self._people, range(len(self._people)), strict=True))
            self._arrays["interaction"] = np.repeat(np.arange(len(self._sizes), dtype=np.int64),
                                                    np.asarray(self._sizes, dtype=np.int64))
            self._arrays["person"] = np.fromiter(map(code.__getitem__, self._participants), dtype=np.int64,
                                                 count=len(self._participants))
        return self._arrays["interaction"], self._arrays["person"]

    def kind_codes(self) -> tuple[list[str | None], np.ndarray]:
        """``(kinds, codes)``: the distinct kinds, and for each interaction the index of its kind among them."""
        if "kind" not in self._arrays:
            self._kinds = list(dict.fromkeys(self.kinds))
            index = {k: i for i, k in enumerate(self._kinds)}
            self._arrays["kind"] = np.fromiter(map(index.__getitem__, self.kinds), dtype=np.int64, count=len(self))
        return self._kinds, self._arrays["kind"]

    def day_numbers(self) -> np.ndarray:
        """Each interaction's date as a proleptic Gregorian ordinal (:data:`UNDATED` for none)."""
        if "day" not in self._arrays:
            ordinal = {d: dt.date.fromisoformat(d).toordinal() if d else UNDATED for d in set(self.dates)}
            self._arrays["day"] = np.fromiter(map(ordinal.__getitem__, self.dates), dtype=np.int64, count=len(self))
        return self._arrays["day"]


def interaction_log(graph) -> InteractionLog:
    """The snapshot's :class:`InteractionLog`; a new one made from ``graph.graph["interactions"]`` if that is a plain list.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(interactions=[{"id": "i1", "date": "2026-01-05", "kind": "call", "participants": ["s", "c"]}])
    >>> interaction_log(g).people
    ['c', 's']
    """
    found = graph.graph.get("interactions")
    if isinstance(found, InteractionLog):
        return found
    log = InteractionLog()
    for i in found or []:
        log.add(i["id"], i.get("date"), i.get("kind"), i.get("participants", []), account=i.get("account"))
    return log
